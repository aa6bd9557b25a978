import { h, replace, empty, table, field, input, select, saveBlob, toast } from '../dom.js';
import { api } from '../api.js';
import * as fmt from '../format.js';
import * as usage from '../usage-data.js';
import { requestColumns } from '../request-log.js';
import { Pager } from '../components/pager.js';
import { Page } from './page.js';

const OUTCOMES = [['', 'Any outcome'], 'success', 'upstream_error', 'client_cancelled', 'answer_too_large'];
const GROUPINGS = [
  ['alias', 'Model alias'],
  ['key', 'Key'],
  ['team', 'Team'],
  ['provider', 'Provider'],
  ['outcome', 'Outcome'],
  ['day', 'Day'],
  ['hour', 'Hour'],
];

class UsagePage extends Page {
  build() {
    const r = usage.range('24h');
    this.from = input({ type: 'datetime-local', value: fmt.isoToLocalInput(r.from.toISOString()) });
    this.to = input({ type: 'datetime-local', value: fmt.isoToLocalInput(r.to.toISOString()) });
    this.key = select([['', 'Any key']], { value: '' });
    this.team = select([['', 'Any team']], { value: '' });
    this.alias = input({ maxlength: 128, placeholder: 'any' });
    this.outcome = select(OUTCOMES, { value: '' });
    this.groupBy = select(GROUPINGS, { value: 'alias', onchange: () => this.loadSummary() });
    this.summary = h('div', { class: 'panel-body' });
    this.log = h('div', { class: 'results' });
    this.pager = new Pager(() => this.loadLog(), 'Request log pages');
    const form = h(
      'form',
      { class: 'filters' },
      field('From', this.from),
      field('To', this.to),
      field('Key', this.key),
      field('Team', this.team),
      field('Alias', this.alias),
      field('Outcome', this.outcome),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Apply')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.apply();
    });
    this.csvButton = h('button', { type: 'button', onclick: () => this.downloadCsv() }, 'Download CSV');
    replace(
      this,
      this.header('Usage', 'Filter the ledger’s requests; bounds are rounded out to whole hours.', this.csvButton),
      form,
      h(
        'section',
        { class: 'panel' },
        h('div', { class: 'panel-title' }, h('h2', null, 'Summary'), field('Group by', this.groupBy)),
        this.summary,
      ),
      h('section', { class: 'panel' }, h('h2', null, 'Request log'), this.log, this.pager.el),
      this.statementPanel(),
    );
    Promise.all([usage.keyIndex(true), usage.teamIndex()])
      .then(([keys, teams]) => {
        this.keys = keys;
        this.teams = teams;
        for (const key of keys.values()) this.key.append(h('option', { value: key.id }, `${key.name} (${key.id})`));
        for (const team of teams.values()) this.team.append(h('option', { value: team.id }, team.name));
        this.fillOwners();
      })
      .catch(() => {});
    this.apply();
  }

  filters() {
    const from = this.from.value ? usage.floorHour(new Date(this.from.value)).toISOString() : null;
    const to = this.to.value ? usage.ceilHour(new Date(this.to.value)).toISOString() : null;
    return {
      from,
      to,
      key: this.key.value,
      team: this.team.value,
      alias: this.alias.value.trim(),
      outcome: this.outcome.value,
    };
  }

  apply() {
    this.pager.reset();
    this.loadSummary();
    this.loadLog();
  }

  loadSummary() {
    return this.load(this.summary, async () => {
      const s = await usage.summary({ ...this.filters(), groupBy: this.groupBy.value, tz: fmt.timeZone }, this.signal);
      const zoneText =
        usage.zone() !== fmt.timeZone ? ` (UTC: ${fmt.timeZone} is not a whole number of hours from UTC)` : '';
      const t = s.totals;
      const totals = h(
        'dl',
        { class: 'totals' },
        h('dt', null, 'Requests'),
        h('dd', null, fmt.count(t.requests)),
        h('dt', null, 'Prompt tokens'),
        h('dd', null, fmt.count(t.prompt_tokens)),
        h('dt', null, 'Completion tokens'),
        h('dd', null, fmt.count(t.completion_tokens)),
        h('dt', null, 'Cached tokens'),
        h('dd', null, fmt.count(t.cached_tokens)),
        h('dt', null, 'Cost'),
        h('dd', null, fmt.money(t.cost)),
        h('dt', null, 'Unpriced'),
        h('dd', null, fmt.count(t.unpriced_entries)),
      );
      const dimension = this.groupBy.value;
      const label = (g) => {
        const value = g.dimensions[dimension];
        if (dimension === 'key' && this.keys && this.keys.get(value)) return `${this.keys.get(value).name} (${value})`;
        return value ?? '—';
      };
      const groups =
        dimension === 'day' || dimension === 'hour'
          ? [...s.groups].sort((a, b) => String(a.dimensions[dimension]).localeCompare(String(b.dimensions[dimension])))
          : usage.ranked(s.groups);
      replace(
        this.summary,
        totals,
        groups.length
          ? table(
              [
                { label: GROUPINGS.find(([v]) => v === dimension)[1], render: label },
                { label: 'Requests', class: 'num', render: (g) => fmt.count(g.totals.requests) },
                { label: 'Prompt', class: 'num', render: (g) => fmt.count(g.totals.prompt_tokens) },
                { label: 'Completion', class: 'num', render: (g) => fmt.count(g.totals.completion_tokens) },
                { label: 'Cost', class: 'num', render: (g) => fmt.money(g.totals.cost) },
              ],
              groups,
              {
                caption: `By ${GROUPINGS.find(([v]) => v === dimension)[1].toLowerCase()}${dimension === 'day' || dimension === 'hour' ? zoneText : ''}`,
              },
            )
          : empty('No usage matches these filters.'),
      );
    });
  }

  loadLog() {
    return this.load(this.log, async () => {
      const page = await api('/api/usage/requests', {
        query: { ...this.filters(), limit: 50, cursor: this.pager.cursor },
        signal: this.signal,
      });
      this.pager.update(page);
      replace(
        this.log,
        page.data.length
          ? table(requestColumns(this.keys), page.data, {
              caption: 'Requests, newest first',
              rowClass: (r) => `request-row outcome-${r.outcome}`,
            })
          : empty('No request matches these filters.'),
      );
    });
  }

  statementPanel() {
    const now = new Date();
    this.scope = select(
      [
        ['key', 'Key'],
        ['team', 'Team'],
      ],
      { value: 'key', onchange: () => this.fillOwners() },
    );
    this.owner = select([], {});
    this.month = input({
      type: 'month',
      value: `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`,
    });
    this.statement = h('div', { class: 'panel-body' });
    const form = h(
      'form',
      { class: 'filters statement-form' },
      field('For', this.scope),
      field('Key or team', this.owner),
      field('Month (UTC)', this.month),
      h(
        'div',
        { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Show statement'),
        ' ',
        h('button', { type: 'button', onclick: () => this.downloadStatement() }, 'Statement CSV'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.showStatement();
    });
    return h('section', { class: 'panel' }, h('h2', null, 'Monthly statement'), form, this.statement);
  }

  fillOwners() {
    const entries = this.scope.value === 'team' ? this.teams : this.keys;
    replace(
      this.owner,
      [...(entries ? entries.values() : [])].map((e) => h('option', { value: e.id }, `${e.name} (${e.id})`)),
    );
  }

  statementQuery() {
    return { [this.scope.value]: this.owner.value, period: this.month.value };
  }

  showStatement() {
    if (!this.owner.value || !this.month.value) {
      replace(this.statement, empty('Choose a key or team and a month.'));
      return null;
    }
    return this.load(this.statement, async () => {
      const st = await api('/api/statements', { query: this.statementQuery(), signal: this.signal });
      const t = st.totals;
      replace(
        this.statement,
        h(
          'p',
          { class: 'muted' },
          `${st.scope} ${st.id}, ${st.period}: ${fmt.time(st.from)} to ${fmt.time(st.to)} (${st.currency}).`,
        ),
        st.lines.length
          ? table(
              [
                { label: 'Provider', key: 'provider' },
                { label: 'Model', render: (l) => h('code', null, l.model) },
                { label: 'Requests', class: 'num', render: (l) => fmt.count(l.requests) },
                { label: 'Prompt', class: 'num', render: (l) => fmt.count(l.prompt_tokens) },
                { label: 'Completion', class: 'num', render: (l) => fmt.count(l.completion_tokens) },
                { label: 'Cached', class: 'num', render: (l) => fmt.count(l.cached_tokens) },
                { label: 'Cost', class: 'num', render: (l) => fmt.money(l.cost) },
              ],
              [...st.lines, { provider: 'Total', model: '', ...t }],
              { caption: 'Per provider and model' },
            )
          : empty('No usage in that month.'),
        st.unpriced_requests
          ? h(
              'p',
              { class: 'warning' },
              `${fmt.count(st.unpriced_requests)} requests had no price and are not in the cost.`,
            )
          : null,
      );
    });
  }

  async downloadStatement() {
    if (!this.owner.value || !this.month.value) {
      replace(this.statement, empty('Choose a key or team and a month.'));
      return;
    }
    try {
      const response = await api('/api/statements', {
        query: { ...this.statementQuery(), format: 'csv' },
        raw: true,
        headers: { Accept: 'text/csv' },
      });
      saveBlob(await response.blob(), `statement-${this.owner.value}-${this.month.value}.csv`);
    } catch (error) {
      toast(`Could not download the statement: ${error.message}`, 'error');
    }
  }

  async downloadCsv() {
    this.csvButton.disabled = true;
    try {
      const response = await api('/api/usage/requests.csv', {
        query: this.filters(),
        raw: true,
        headers: { Accept: 'text/csv' },
      });
      const blob = await response.blob();
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '');
      saveBlob(blob, `llm-proxy-requests-${stamp}.csv`);
    } catch (error) {
      toast(`Could not download: ${error.message}`, 'error');
    } finally {
      this.csvButton.disabled = false;
    }
  }
}

customElements.define('llm-usage-page', UsagePage);
