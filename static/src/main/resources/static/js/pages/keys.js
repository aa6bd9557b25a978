import { h, replace, empty, table, field, input, select, modal, confirmDialog, toast } from '../dom.js';
import { api } from '../api.js';
import * as fmt from '../format.js';
import { normalize } from '../decimal.js';
import * as usage from '../usage-data.js';
import { limitsFields, budgetFields, list, same, FormError } from '../forms.js';
import { Pager } from '../components/pager.js';
import { Page } from './page.js';

const STATUSES = [['', 'Any status'], 'active', 'suspended', 'expired', 'revoked'];

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, status);
}

export function spendView(spend) {
  if (!spend) return h('span', { class: 'muted' }, '—');
  const parts = [h('span', { class: 'spend-cost' }, fmt.money(spend.cost))];
  if (spend.limit_usd != null) {
    parts.push(h('span', { class: 'muted' }, ` of ${fmt.money(spend.limit_usd)} ${spend.period || ''}`));
    parts.push(
      h('meter', {
        min: 0,
        max: 100,
        low: 80,
        high: 95,
        optimum: 0,
        value: Math.min(100, Number(spend.percent) || 0),
        title: fmt.percent(spend.percent),
      }),
    );
  } else {
    parts.push(h('span', { class: 'muted' }, ' this month'));
  }
  return h('div', { class: 'spend' }, parts);
}

/** The one models entry that lets a key call every alias; an empty list lets it call none. */
const EVERY_ALIAS = '*';

function modelsText(models) {
  if (!models || !models.length) return 'none';
  return models.includes(EVERY_ALIAS) ? 'every alias' : models.join(', ');
}

/**
 * A key reaching nothing is what suspending is for: the form asks for aliases or '*', and lets an
 * empty list stand only on a key that already has one (the API still accepts [] on purpose).
 */
function allowedModels(text, current) {
  const models = list(text);
  if (!models.length && !(current && current.length === 0))
    throw new FormError(`List the aliases this key may call, or ${EVERY_ALIAS} for every alias.`);
  if (models.includes(EVERY_ALIAS) && models.length > 1)
    throw new FormError(`${EVERY_ALIAS} already allows every alias: use it alone, or list aliases without it.`);
  return models;
}

function budgetOf(value) {
  return value ? { ...value, limit_usd: normalize(String(value.limit_usd)) } : null;
}

/** The one place a key's plaintext is ever shown: gone when the dialog closes. */
export function revealKey(title, plaintext, note) {
  return modal(
    title,
    (close) => {
      const output = input({
        id: 'revealed-key',
        readonly: true,
        value: plaintext,
        class: 'secret',
        'aria-describedby': 'reveal-note',
        spellcheck: 'false',
      });
      const copy = document.createElement('llm-copy-button');
      copy.value = plaintext;
      copy.target = 'revealed-key';
      copy.setAttribute('label', 'Copy key');
      return h(
        'div',
        { class: 'dialog-body' },
        h(
          'p',
          { id: 'reveal-note', class: 'warning' },
          'Copy this key now. It is shown only once: the proxy keeps only a hash of it.',
          note ? ` ${note}` : '',
        ),
        field('Virtual key', output),
        copy,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'primary', onclick: () => close(true) }, 'Done'),
        ),
      );
    },
    { wide: true },
  );
}

class KeysPage extends Page {
  build() {
    this.q = input({ type: 'search', placeholder: 'Name or owner', maxlength: 200 });
    this.status = select(STATUSES, { value: '' });
    this.team = select([['', 'Any team']], { value: '' });
    this.results = h('div', { class: 'results' });
    this.pager = new Pager(() => this.refresh(false), 'Key pages');
    let debounce;
    this.q.addEventListener('input', () => {
      clearTimeout(debounce);
      debounce = this.later(() => this.refresh(true), 300);
    });
    this.status.addEventListener('change', () => this.refresh(true));
    this.team.addEventListener('change', () => this.refresh(true));
    const issue = this.admin
      ? h('button', { type: 'button', class: 'primary', onclick: () => this.issue() }, 'Issue key')
      : null;
    replace(
      this,
      this.header('Keys', 'Virtual keys: who may call which models, with what limits and budget.', issue),
      h(
        'form',
        {
          class: 'filters',
          role: 'search',
          onsubmit: (e) => {
            e.preventDefault();
            this.refresh(true);
          },
        },
        field('Search', this.q),
        field('Status', this.status),
        field('Team', this.team),
      ),
      this.results,
      this.pager.el,
    );
    usage
      .teamIndex(true)
      .then((teams) => {
        for (const team of teams.values()) this.team.append(h('option', { value: team.id }, team.name));
      })
      .catch(() => {});
    this.refresh(true);
  }

  refresh(reset) {
    if (reset) this.pager.reset();
    return this.load(this.results, async () => {
      const page = await api('/api/keys', {
        query: {
          q: this.q.value.trim(),
          status: this.status.value,
          team_id: this.team.value,
          limit: 25,
          cursor: this.pager.cursor,
        },
        signal: this.signal,
      });
      this.pager.update(page);
      if (!page.data.length) {
        replace(
          this.results,
          empty(
            this.q.value || this.status.value || this.team.value
              ? 'No key matches these filters.'
              : 'No keys yet. Issue one to let an application call the proxy.',
          ),
        );
        return;
      }
      const columns = [
        {
          label: 'Name',
          render: (k) =>
            h(
              'div',
              null,
              h('span', { class: 'key-name' }, k.name),
              k.owner ? h('small', { class: 'muted block' }, k.owner) : null,
            ),
        },
        { label: 'Key', render: (k) => h('code', { class: 'prefix' }, k.display_prefix) },
        { label: 'Status', render: (k) => statusBadge(k.status) },
        { label: 'Team', render: (k) => k.team_name || '—' },
        { label: 'Models', render: (k) => modelsText(k.models) },
        { label: 'Limits', render: (k) => fmt.limits(k.limits) },
        { label: 'Spend', render: (k) => spendView(k.spend) },
        { label: 'Created', render: (k) => fmt.time(k.created_at) },
      ];
      if (this.admin) columns.push({ label: 'Actions', class: 'actions-cell', render: (k) => this.actions(k) });
      replace(
        this.results,
        table(columns, page.data, { caption: 'Virtual keys', rowClass: (k) => `key-row status-${k.status}` }),
      );
    });
  }

  actions(key) {
    if (key.status === 'revoked') return h('span', { class: 'muted' }, `revoked ${fmt.time(key.revoked_at)}`);
    const button = (label, fn, cls) =>
      h('button', { type: 'button', class: cls || 'small', 'aria-label': `${label} ${key.name}`, onclick: fn }, label);
    return h(
      'div',
      { class: 'row-actions' },
      button('Edit', () => this.edit(key)),
      button('Rotate', () => this.rotate(key)),
      key.status === 'suspended'
        ? button('Resume', () => this.lifecycle(key, 'resume', 'active'))
        : button('Suspend', () => this.lifecycle(key, 'suspend', 'suspended')),
      button('Revoke', () => this.revoke(key), 'small danger'),
    );
  }

  async afterChange(id, done) {
    await usage.eventually(async () => {
      try {
        return done(await api(`/api/keys/${encodeURIComponent(id)}`));
      } catch {
        return false;
      }
    });
    usage.keyIndex(true).catch(() => {});
    await this.refresh(false);
  }

  async issue() {
    const answer = await this.keyForm('Issue a key', null);
    if (!answer) return;
    await revealKey(`Key “${answer.name}” issued`, answer.key);
    await this.afterChange(answer.id, (k) => !!k);
  }

  async edit(key) {
    const answer = await this.keyForm(`Edit “${key.name}”`, key);
    if (!answer) return;
    toast(`Saved “${answer.name}”.`, 'success');
    await this.afterChange(key.id, (k) => k.updated_at !== key.updated_at);
  }

  async rotate(key) {
    const grace = await modal(`Rotate “${key.name}”`, (close) => {
      const seconds = input({ type: 'number', min: 0, max: 2592000, step: 1, value: '3600' });
      const form = h(
        'form',
        { class: 'dialog-body' },
        h(
          'p',
          null,
          'A new secret is issued under the same key id. The current secret keeps working for the grace period, then stops.',
        ),
        field('Grace period (seconds)', seconds, '0 stops the old secret at once; at most 30 days'),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => close(undefined) }, 'Cancel'),
          h('button', { type: 'submit', class: 'primary' }, 'Rotate'),
        ),
      );
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        close(Number(seconds.value || 0));
      });
      return form;
    });
    if (grace === undefined) return;
    try {
      const answer = await api(`/admin/keys/${encodeURIComponent(key.id)}/rotate`, {
        method: 'POST',
        body: { grace_period_seconds: grace },
      });
      await revealKey(
        `Key “${key.name}” rotated`,
        answer.key,
        answer.previous_valid_until ? `The previous secret works until ${fmt.time(answer.previous_valid_until)}.` : '',
      );
      await this.afterChange(key.id, (k) => k.display_prefix !== key.display_prefix);
    } catch (error) {
      toast(`Could not rotate: ${error.message}`, 'error');
    }
  }

  async lifecycle(key, action, status) {
    try {
      await api(`/admin/keys/${encodeURIComponent(key.id)}/${action}`, { method: 'POST' });
      toast(`Key “${key.name}” ${status === 'active' ? 'resumed' : 'suspended'}.`, 'success');
      await this.afterChange(key.id, (k) => k.status === status);
    } catch (error) {
      toast(`Could not ${action}: ${error.message}`, 'error');
    }
  }

  async revoke(key) {
    const ok = await confirmDialog(
      `Revoke “${key.name}”?`,
      'Every request with this key will be refused from now on. This cannot be undone.',
      'Revoke key',
      { danger: true },
    );
    if (!ok) return;
    try {
      await api(`/admin/keys/${encodeURIComponent(key.id)}/revoke`, { method: 'POST' });
      toast(`Key “${key.name}” revoked.`, 'success');
      await this.afterChange(key.id, (k) => k.status === 'revoked');
    } catch (error) {
      toast(`Could not revoke: ${error.message}`, 'error');
    }
  }

  /** Issue (key null) or edit form; resolves with the API's answer, or undefined if cancelled. */
  async keyForm(title, key) {
    let teams = new Map();
    let aliases = [];
    try {
      [teams, aliases] = await Promise.all([
        usage.teamIndex(),
        api('/api/models').then((r) => r.data.map((route) => route.alias)),
      ]);
    } catch {
      // the form still works without the suggestions
    }
    return modal(
      title,
      (close) => {
        const name = input({ required: true, maxlength: 200, value: key ? key.name : '' });
        const models = input({
          value: key && key.models ? key.models.join(', ') : '',
          placeholder: `alias, alias… or ${EVERY_ALIAS} for every alias`,
        });
        const owner = input({ maxlength: 200, value: key && key.owner ? key.owner : '' });
        const team = select([['', 'No team'], ...[...teams.values()].map((t) => [t.id, t.name])], {
          value: key && key.team_id ? key.team_id : '',
        });
        const expires = input({ type: 'datetime-local', value: key ? fmt.isoToLocalInput(key.expires_at) : '' });
        const limits = limitsFields('Rate limits', key && key.limits);
        const budget = budgetFields(key && key.budget);
        const message = h('div', { class: 'form-message', role: 'alert' });
        const submit = h('button', { type: 'submit', class: 'primary' }, key ? 'Save changes' : 'Issue key');
        const form = h(
          'form',
          { class: 'dialog-body key-form', novalidate: true },
          field('Name', name),
          field(
            'Allowed models',
            models,
            `Comma-separated aliases, or ${EVERY_ALIAS} alone for every alias (present and future).${aliases.length ? ` Routed now: ${aliases.join(', ')}` : ''}`,
          ),
          h('div', { class: 'grid two' }, field('Owner', owner), field('Team', team)),
          field('Expires', expires, 'In your time zone; empty never expires'),
          limits.el,
          budget.el,
          message,
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', onclick: () => close(undefined) }, 'Cancel'),
            submit,
          ),
        );
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          replace(message);
          let body;
          try {
            if (!name.value.trim()) throw new FormError('A key needs a name.');
            body = {
              name: name.value.trim(),
              models: allowedModels(models.value, key && key.models),
              owner: owner.value.trim() || null,
              team_id: team.value || null,
              expires_at: fmt.localInputToIso(expires.value),
              limits: limits.value(),
              budget: budget.value(),
            };
          } catch (error) {
            replace(message, error.message);
            return;
          }
          if (key) {
            const original = {
              name: key.name,
              models: key.models || [],
              owner: key.owner || null,
              team_id: key.team_id || null,
              expires_at: key.expires_at ? new Date(key.expires_at).toISOString() : null,
              limits:
                key.limits && (key.limits.requests_per_minute != null || key.limits.tokens_per_minute != null)
                  ? key.limits
                  : null,
              budget: budgetOf(key.budget),
            };
            for (const field of Object.keys(body)) {
              const value =
                field === 'expires_at' &&
                body.expires_at &&
                original.expires_at &&
                body.expires_at.slice(0, 16) === original.expires_at.slice(0, 16)
                  ? original.expires_at
                  : body[field];
              if (same(value, field === 'budget' ? budgetOf(original.budget) : original[field])) delete body[field];
            }
            if (!Object.keys(body).length) {
              close(undefined);
              return;
            }
          } else {
            for (const field of Object.keys(body)) if (body[field] === null) delete body[field];
          }
          submit.disabled = true;
          try {
            const answer = key
              ? await api(`/admin/keys/${encodeURIComponent(key.id)}`, { method: 'PATCH', body })
              : await api('/admin/keys', { method: 'POST', body });
            close(answer);
          } catch (error) {
            replace(message, error.message);
            submit.disabled = false;
          }
        });
        return form;
      },
      { wide: true },
    );
  }
}

customElements.define('llm-keys-page', KeysPage);
