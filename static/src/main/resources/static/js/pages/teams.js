import { h, replace, empty, table, field, input, modal, toast } from '../dom.js';
import { api } from '../api.js';
import * as fmt from '../format.js';
import { normalize } from '../decimal.js';
import * as usage from '../usage-data.js';
import { limitsFields, budgetFields, same, FormError } from '../forms.js';
import { Pager } from '../components/pager.js';
import { Page } from './page.js';
import { spendView } from './keys.js';

function hasLimits(limits) {
  return !!limits && (limits.requests_per_minute != null || limits.tokens_per_minute != null);
}

class TeamsPage extends Page {
  build() {
    this.results = h('div', { class: 'results' });
    this.pager = new Pager(() => this.refresh(false), 'Team pages');
    replace(
      this,
      this.header(
        'Teams',
        'Teams group keys: shared limits for all their keys together, default limits for each key, and a team budget.',
        this.admin
          ? h('button', { type: 'button', class: 'primary', onclick: () => this.edit(null) }, 'Create team')
          : null,
      ),
      this.results,
      this.pager.el,
    );
    this.refresh(true);
  }

  refresh(reset) {
    if (reset) this.pager.reset();
    return this.load(this.results, async () => {
      const page = await api('/api/teams', { query: { limit: 25, cursor: this.pager.cursor }, signal: this.signal });
      this.pager.update(page);
      if (!page.data.length) {
        replace(this.results, empty('No teams yet.'));
        return;
      }
      const columns = [
        { label: 'Name', render: (t) => h('span', { class: 'team-name' }, t.name) },
        { label: 'Id', render: (t) => h('code', null, t.id) },
        { label: 'Active keys', class: 'num', render: (t) => fmt.count(t.active_keys) },
        { label: 'Team limits', render: (t) => fmt.limits(t.limits) },
        { label: 'Per-key limits', render: (t) => fmt.limits(t.key_limits) },
        { label: 'Budget', render: (t) => fmt.budget(t.budget) },
        { label: 'Spend', render: (t) => spendView(t.spend) },
        { label: 'Created', render: (t) => fmt.time(t.created_at) },
      ];
      if (this.admin) {
        columns.push({
          label: 'Actions',
          class: 'actions-cell',
          render: (t) =>
            h(
              'button',
              { type: 'button', class: 'small', 'aria-label': `Edit ${t.name}`, onclick: () => this.edit(t) },
              'Edit',
            ),
        });
      }
      replace(this.results, table(columns, page.data, { caption: 'Teams' }));
    });
  }

  async edit(team) {
    const answer = await modal(
      team ? `Edit “${team.name}”` : 'Create a team',
      (close) => {
        const name = input({ required: true, maxlength: 200, value: team ? team.name : '' });
        const limits = limitsFields('Team limits (all its keys together)', team && team.limits);
        const keyLimits = limitsFields('Per-key limits (keys without their own)', team && team.key_limits);
        const budget = budgetFields(team && team.budget);
        const message = h('div', { class: 'form-message', role: 'alert' });
        const submit = h('button', { type: 'submit', class: 'primary' }, team ? 'Save changes' : 'Create team');
        const form = h(
          'form',
          { class: 'dialog-body', novalidate: true },
          field('Name', name),
          limits.el,
          keyLimits.el,
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
          let body;
          try {
            if (!name.value.trim()) throw new FormError('A team needs a name.');
            body = {
              name: name.value.trim(),
              limits: limits.value(),
              key_limits: keyLimits.value(),
              budget: budget.value(),
            };
          } catch (error) {
            replace(message, error.message);
            return;
          }
          if (team) {
            const original = {
              name: team.name,
              limits: hasLimits(team.limits) ? team.limits : null,
              key_limits: hasLimits(team.key_limits) ? team.key_limits : null,
              budget: team.budget ? { ...team.budget, limit_usd: normalize(String(team.budget.limit_usd)) } : null,
            };
            for (const key of Object.keys(body)) if (same(body[key], original[key])) delete body[key];
            if (!Object.keys(body).length) {
              close(undefined);
              return;
            }
          } else {
            for (const key of Object.keys(body)) if (body[key] === null) delete body[key];
          }
          submit.disabled = true;
          try {
            close(
              team
                ? await api(`/admin/teams/${encodeURIComponent(team.id)}`, { method: 'PATCH', body })
                : await api('/admin/teams', { method: 'POST', body }),
            );
          } catch (error) {
            replace(message, error.message);
            submit.disabled = false;
          }
        });
        return form;
      },
      { wide: true },
    );
    if (!answer) return;
    toast(team ? `Saved “${answer.name}”.` : `Team “${answer.name}” created.`, 'success');
    await usage.eventually(async () => {
      try {
        const current = await api(`/api/teams/${encodeURIComponent(answer.id)}`);
        return !team || current.updated_at !== team.updated_at;
      } catch {
        return false;
      }
    });
    usage.teamIndex(true).catch(() => {});
    await this.refresh(!team);
  }
}

customElements.define('llm-teams-page', TeamsPage);
