import { h, replace, empty, table, field, input, select, errorBox } from '../dom.js';
import { api } from '../api.js';
import * as fmt from '../format.js';
import { Page } from './page.js';

const FORMATS = ['openai-json', 'openai-csv', 'anthropic-json', 'anthropic-csv', 'anthropic-cost-json'];
const TOTAL_FIELDS = [
  ['requests', 'Requests'],
  ['prompt_tokens', 'Prompt tokens'],
  ['completion_tokens', 'Completion tokens'],
  ['cached_tokens', 'Cached tokens'],
  ['cache_write_tokens', 'Cache write tokens'],
  ['cost', 'Cost'],
  ['unpriced_entries', 'Unpriced'],
];

function figure(name, value) {
  if (value === null || value === undefined) return '—';
  return name === 'cost' ? fmt.money(value) : fmt.count(value);
}

function verdict(ok, good, bad) {
  return h(
    'p',
    { class: `verdict ${ok ? 'ok' : 'bad'}` },
    h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, ok ? '✔' : '✘'),
    ok ? good : bad,
  );
}

class AuditPage extends Page {
  build() {
    this.verifyBody = h(
      'div',
      { class: 'panel-body' },
      h('p', { class: 'muted' }, 'Recomputes the hash chain of every key’s usage ledger.'),
    );
    this.verifyButton = h(
      'button',
      { type: 'button', class: 'primary', onclick: () => this.verify() },
      'Verify ledger chain',
    );
    const sections = [
      h('section', { class: 'panel' }, h('h2', null, 'Ledger chain'), this.verifyButton, this.verifyBody),
    ];
    if (this.admin) {
      this.replayBody = h('div', { class: 'panel-body' });
      this.replayButton = h(
        'button',
        { type: 'button', class: 'primary', onclick: () => this.startReplay() },
        'Run audit replay',
      );
      this.recentBody = h('div', { class: 'panel-body' });
      this.reconBody = h('div', { class: 'panel-body' });
      sections.push(
        h(
          'section',
          { class: 'panel' },
          h('h2', null, 'Audit replay'),
          h(
            'p',
            { class: 'muted' },
            'Replays every usage event into shadow tables and compares them with the live reports, to the last decimal.',
          ),
          this.replayButton,
          this.replayBody,
        ),
        h('section', { class: 'panel' }, h('h2', null, 'Recent replays'), this.recentBody),
        h(
          'section',
          { class: 'panel' },
          h('h2', null, 'Reconcile a provider export'),
          this.reconciliationForm(),
          this.reconBody,
        ),
      );
    }
    replace(
      this,
      this.header('Audit', 'Prove that the reports and the ledger agree, and that the ledger is unchanged.'),
      ...sections,
    );
    if (this.admin) this.loadRecent();
  }

  async verify() {
    this.verifyButton.disabled = true;
    await this.load(this.verifyBody, async () => {
      const r = await api('/api/audit/verify', { signal: this.signal });
      const facts = h(
        'dl',
        { class: 'totals' },
        h('dt', null, 'Streams'),
        h('dd', null, fmt.count(r.streams)),
        h('dt', null, 'Events'),
        h('dd', null, fmt.count(r.events)),
        h('dt', null, 'Legacy events'),
        h('dd', null, fmt.count(r.legacy_events)),
        h('dt', null, 'Breaks'),
        h('dd', null, fmt.count(r.breaks)),
        h('dt', null, 'Checked'),
        h('dd', null, fmt.time(r.checked_at)),
      );
      const broken = r.first_break
        ? h(
            'div',
            { class: 'state state-error' },
            h('strong', null, 'First break: '),
            `${r.first_break.stream} #${r.first_break.sequence} (${r.first_break.reason}) `,
            h('code', { class: 'block' }, r.first_break.detail || ''),
          )
        : null;
      replace(
        this.verifyBody,
        verdict(r.verified, 'Ledger verified: every chain is intact.', 'The ledger chain is broken.'),
        facts,
        broken,
      );
    });
    this.verifyButton.disabled = false;
  }

  async startReplay() {
    this.replayButton.disabled = true;
    try {
      const started = await api('/admin/audit/replays', { method: 'POST', signal: this.signal });
      this.watch(started.id);
    } catch (error) {
      if (error.status === 409) {
        const recent = await api('/admin/audit/replays').catch(() => []);
        const running = recent.find((r) => r.status === 'running');
        if (running) {
          this.watch(running.id);
          return;
        }
      }
      replace(
        this.replayBody,
        errorBox(error, () => this.startReplay()),
      );
      this.replayButton.disabled = false;
    }
  }

  async watch(id) {
    let report;
    try {
      report = await api(`/admin/audit/replays/${encodeURIComponent(id)}`, { signal: this.signal });
    } catch (error) {
      if (error.name === 'AbortError') return;
      replace(
        this.replayBody,
        errorBox(error, () => this.watch(id)),
      );
      this.replayButton.disabled = false;
      return;
    }
    this.showReplay(report);
    if (report.status === 'running') {
      this.later(() => this.watch(id), 400);
    } else {
      this.replayButton.disabled = false;
      this.loadRecent();
    }
  }

  showReplay(r) {
    const p = r.progress || { events_read: 0, events_total: 0, percent: 0 };
    const progress = h('progress', { max: 100, value: p.percent, 'aria-label': 'Replay progress' });
    const line = h(
      'p',
      { class: 'replay-progress' },
      progress,
      ` ${p.percent} % · ${fmt.count(p.events_read)} of ${fmt.count(p.events_total)} usage events · ${r.status}`,
    );
    const parts = [
      h(
        'p',
        { class: 'muted' },
        `Replay ${r.id}, started ${fmt.time(r.started_at)}${r.finished_at ? `, finished ${fmt.time(r.finished_at)}` : ''}.`,
      ),
      line,
    ];
    if (r.status === 'completed') {
      parts.unshift(
        verdict(
          r.discrepancy_count === 0,
          `No discrepancies: the reports match the ledger at position ${r.position}.`,
          `${fmt.count(r.discrepancy_count)} discrepancies between the ledger and the reports.`,
        ),
      );
      parts.push(
        table(
          [
            { label: 'Figure', render: ([, label]) => label },
            {
              label: 'Ledger',
              class: 'num',
              render: ([name]) => figure(name, r.ledger_totals && r.ledger_totals[name]),
            },
            {
              label: 'Reports',
              class: 'num',
              render: ([name]) => figure(name, r.read_model_totals && r.read_model_totals[name]),
            },
          ],
          TOTAL_FIELDS,
          { caption: 'Totals' },
        ),
      );
      if (r.discrepancies && r.discrepancies.length) {
        parts.push(
          table(
            [
              { label: 'Table', key: 'table' },
              {
                label: 'Row',
                render: (d) =>
                  Object.entries(d.dimensions || {})
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', '),
              },
              { label: 'Field', key: 'field' },
              { label: 'Ledger', class: 'num', render: (d) => d.ledger_value ?? '—' },
              { label: 'Reports', class: 'num', render: (d) => d.read_model_value ?? '—' },
            ],
            r.discrepancies,
            { caption: 'Discrepancies' },
          ),
        );
      }
    } else if (r.status === 'failed') {
      parts.unshift(
        h('div', { class: 'state state-error', role: 'alert' }, `The replay failed: ${r.error || 'no reason given'}`),
      );
    }
    replace(this.replayBody, parts);
  }

  loadRecent() {
    return this.load(this.recentBody, async () => {
      const recent = await api('/admin/audit/replays', { signal: this.signal });
      replace(
        this.recentBody,
        recent.length
          ? table(
              [
                { label: 'Started', render: (r) => fmt.time(r.started_at) },
                { label: 'Status', render: (r) => h('span', { class: `badge replay-${r.status}` }, r.status) },
                {
                  label: 'Events',
                  class: 'num',
                  render: (r) => (r.progress ? fmt.count(r.progress.events_read) : '—'),
                },
                {
                  label: 'Discrepancies',
                  class: 'num',
                  render: (r) => (r.discrepancy_count != null ? fmt.count(r.discrepancy_count) : '—'),
                },
                {
                  label: 'Ledger cost',
                  class: 'num',
                  render: (r) => (r.ledger_totals ? fmt.money(r.ledger_totals.cost) : '—'),
                },
                {
                  label: '',
                  render: (r) =>
                    h('button', { type: 'button', class: 'small', onclick: () => this.showReplay(r) }, 'Show'),
                },
              ],
              recent,
              { caption: 'Kept until restart, newest first' },
            )
          : empty('No replay has run since the proxy started.'),
      );
    });
  }

  reconciliationForm() {
    const today = new Date().toISOString().slice(0, 10);
    const provider = input({ required: true, placeholder: 'openai' });
    const format = select(FORMATS, { value: 'openai-csv' });
    const from = input({ type: 'date', required: true, value: today });
    const to = input({ type: 'date', required: true, value: today });
    const tolerance = input({ type: 'number', min: 0, step: 1, value: '0' });
    const file = input({ type: 'file', required: true, accept: '.csv,.json,text/csv,application/json' });
    const message = h('div', { class: 'form-message', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Reconcile');
    const form = h(
      'form',
      { class: 'filters recon-form', novalidate: true },
      field('Provider', provider, 'As configured here; comma-separate several'),
      field('Format', format),
      field('From (UTC day)', from),
      field('To (UTC day)', to),
      field('Token tolerance', tolerance),
      field('Export file', file),
      message,
      h('div', { class: 'filter-actions' }, submit),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(message);
      if (!provider.value.trim() || !file.files.length || !from.value || !to.value) {
        replace(message, 'Name the provider, the period and the export file.');
        return;
      }
      submit.disabled = true;
      await this.load(this.reconBody, async () => {
        const chosen = file.files[0];
        const report = await api('/admin/reconciliations', {
          method: 'POST',
          query: {
            provider: provider.value.trim(),
            format: format.value,
            from: from.value,
            to: to.value,
            tolerance_tokens: tolerance.value || 0,
          },
          body: chosen,
          headers: { 'Content-Type': format.value.endsWith('csv') ? 'text/csv' : 'application/json' },
          signal: this.signal,
        });
        this.showReconciliation(report);
      });
      submit.disabled = false;
    });
    return form;
  }

  showReconciliation(r) {
    const value = (field, v) => (v === null || v === undefined ? '—' : field === 'cost' ? fmt.money(v) : fmt.count(v));
    const rowColumns = [
      { label: 'Day', key: 'day' },
      { label: 'Model', render: (row) => h('code', null, row.model) },
      ...r.fields.map((f) => ({ label: f.replace(/_/g, ' '), class: 'num', render: (row) => value(f, row[f]) })),
    ];
    const parts = [
      verdict(
        r.matches,
        `The export matches the ledger (${fmt.count(r.rows_compared)} day-and-model rows compared).`,
        `The export and the ledger differ (${fmt.count(r.rows_compared)} day-and-model rows compared).`,
      ),
      h('p', { class: 'muted' }, `${r.provider}, ${r.format}, ${r.period.from} to ${r.period.to}. Report ${r.id}.`),
    ];
    if (r.differences.length) {
      parts.push(
        table(
          [
            { label: 'Day', key: 'day' },
            { label: 'Model', render: (d) => h('code', null, d.model) },
            { label: 'Field', render: (d) => d.field.replace(/_/g, ' ') },
            { label: 'Provider', class: 'num', render: (d) => value(d.field, d.provider_value) },
            { label: 'Ledger', class: 'num', render: (d) => value(d.field, d.ledger_value) },
            { label: 'Difference', class: 'num', render: (d) => value(d.field, d.difference) },
          ],
          r.differences,
          { caption: 'Differences (provider minus ledger)' },
        ),
      );
    }
    if (r.only_in_export.length) parts.push(table(rowColumns, r.only_in_export, { caption: 'Only in the export' }));
    if (r.only_in_ledger.length) parts.push(table(rowColumns, r.only_in_ledger, { caption: 'Only in the ledger' }));
    if (r.totals) {
      parts.push(
        table(
          [
            { label: 'Figure', render: (f) => f.replace(/_/g, ' ') },
            { label: 'Export', class: 'num', render: (f) => value(f, r.totals.export && r.totals.export[f]) },
            { label: 'Ledger', class: 'num', render: (f) => value(f, r.totals.ledger && r.totals.ledger[f]) },
          ],
          r.fields,
          { caption: 'Totals over the period' },
        ),
      );
    }
    if (r.notes && r.notes.length)
      parts.push(
        h(
          'ul',
          { class: 'notes' },
          r.notes.map((n) => h('li', null, n)),
        ),
      );
    replace(this.reconBody, parts);
  }
}

customElements.define('llm-audit-page', AuditPage);
