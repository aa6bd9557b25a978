import { h, replace, empty, select, field, loading, errorBox } from '../dom.js';
import * as fmt from '../format.js';
import * as decimal from '../decimal.js';
import * as usage from '../usage-data.js';
import { Page } from './page.js';

const RANGES = [
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];

function stat(label, value, detail) {
  return h(
    'div',
    { class: 'stat' },
    h('span', { class: 'stat-label' }, label),
    h('span', { class: 'stat-value' }, value),
    detail ? h('span', { class: 'stat-detail' }, detail) : null,
  );
}

class OverviewPage extends Page {
  build() {
    this.rangeSelect = select(RANGES, { value: '7d', onchange: () => this.refresh() });
    this.totals = h('section', { class: 'stats', 'aria-label': 'Totals' });
    this.spend = h('div', { class: 'panel-body' });
    this.tokens = h('div', { class: 'panel-body' });
    this.topKeys = h('div', { class: 'panel-body' });
    this.topModels = h('div', { class: 'panel-body' });
    this.burn = h('div', { class: 'panel-body' });
    this.zoneNote = h('p', { class: 'muted zone-note' });
    const panel = (title, body, extra) => h('section', { class: `panel ${extra || ''}` }, h('h2', null, title), body);
    replace(
      this,
      this.header(
        'Overview',
        'Spend and tokens across every key, in your time zone.',
        field('Period', this.rangeSelect),
        h('button', { type: 'button', onclick: () => this.refresh() }, 'Refresh'),
      ),
      this.totals,
      this.zoneNote,
      h(
        'div',
        { class: 'grid two' },
        panel('Spend over time', this.spend),
        panel('Tokens over time', this.tokens),
        panel('Top keys by spend', this.topKeys),
        panel('Top models by spend', this.topModels),
      ),
      panel('Budget burn-down', this.burn, 'burn-down'),
    );
    this.refresh();
  }

  refresh() {
    const r = usage.range(this.rangeSelect.value);
    const bounds = { from: r.from.toISOString(), to: r.to.toISOString() };
    const signal = this.signal;
    this.load(this.totals, async () => {
      const s = await usage.summary(bounds, signal);
      const t = s.totals;
      replace(
        this.totals,
        stat('Requests', fmt.count(t.requests)),
        stat(
          'Tokens',
          fmt.count(t.total_tokens),
          `${fmt.count(t.prompt_tokens)} prompt · ${fmt.count(t.completion_tokens)} completion`,
        ),
        stat(
          'Spend',
          fmt.money(t.cost),
          t.unpriced_entries ? `${fmt.count(t.unpriced_entries)} unpriced requests` : 'every request priced',
        ),
        stat('Cached tokens', fmt.count(t.cached_tokens)),
      );
    });
    this.charts(r, bounds);
    this.load(this.topKeys, async () => {
      const [s, keys] = await Promise.all([usage.summary({ ...bounds, groupBy: 'key' }, signal), usage.keyIndex(true)]);
      this.topKeys.replaceChildren(
        this.barList(
          usage.ranked(s.groups).slice(0, 8),
          (g) => {
            const key = keys.get(g.dimensions.key);
            return key ? key.name : g.dimensions.key;
          },
          (g) => g.dimensions.key,
          'No key has made a request in this period.',
        ),
      );
    });
    this.load(this.topModels, async () => {
      const s = await usage.summary({ ...bounds, groupBy: 'alias' }, signal);
      this.topModels.replaceChildren(
        this.barList(
          usage.ranked(s.groups).slice(0, 8),
          (g) => g.dimensions.alias,
          () => null,
          'No model has been called in this period.',
        ),
      );
    });
    this.load(this.burn, () => this.burnDown());
  }

  async charts(r, bounds) {
    replace(this.spend, loading());
    replace(this.tokens, loading());
    try {
      await this.drawCharts(r, bounds);
    } catch (error) {
      if (error.name === 'AbortError' || this.signal.aborted) return;
      replace(
        this.spend,
        errorBox(error, () => this.charts(r, bounds)),
      );
      replace(
        this.tokens,
        errorBox(error, () => this.charts(r, bounds)),
      );
    }
  }

  async drawCharts(r, bounds) {
    const signal = this.signal;
    const series = await usage.timeseries({ ...bounds, interval: r.interval }, signal);
    const labels = series.points.map((p) => new Date(p.start));
    const utcDays = series.tz === 'UTC' && fmt.timeZone !== 'UTC';
    const xFormat = r.interval === 'hour' ? fmt.hour : utcDays ? fmt.dayUtc : fmt.day;
    this.zoneNote.textContent =
      utcDays && r.interval === 'day'
        ? `Days are UTC days: ${fmt.timeZone} is not a whole number of hours from UTC, and the proxy sums usage by UTC hour.`
        : '';
    if (!series.points.some((p) => p.totals.requests > 0)) {
      replace(this.spend, empty('No requests in this period.'));
      replace(this.tokens, empty('No requests in this period.'));
      return;
    }
    const spendChart = document.createElement('llm-time-chart');
    spendChart.data = {
      kind: 'line',
      labels,
      xFormat,
      yFormat: fmt.axisMoney,
      description: `Spend per ${r.interval}`,
      series: [
        {
          name: 'Spend (USD)',
          values: series.points.map((p) => decimal.toNumber(p.totals.cost)),
          display: series.points.map((p) => fmt.money(p.totals.cost)),
        },
      ],
    };
    const tokenChart = document.createElement('llm-time-chart');
    tokenChart.data = {
      kind: 'bar',
      labels,
      xFormat,
      yFormat: fmt.compact,
      description: `Prompt and completion tokens per ${r.interval}`,
      series: [
        {
          name: 'Prompt tokens',
          values: series.points.map((p) => p.totals.prompt_tokens),
          display: series.points.map((p) => fmt.count(p.totals.prompt_tokens)),
        },
        {
          name: 'Completion tokens',
          values: series.points.map((p) => p.totals.completion_tokens),
          display: series.points.map((p) => fmt.count(p.totals.completion_tokens)),
        },
      ],
    };
    replace(this.spend, spendChart);
    replace(this.tokens, tokenChart);
  }

  barList(groups, label, detail, emptyText) {
    const list = document.createElement('llm-bar-list');
    list.setAttribute('empty-text', emptyText);
    const anyCost = groups.some((g) => !decimal.isZero(g.totals.cost));
    list.items = groups.map((g) => ({
      label: label(g),
      detail: detail(g),
      value: anyCost ? decimal.toNumber(g.totals.cost) : g.totals.requests,
      display: `${fmt.money(g.totals.cost)} · ${fmt.count(g.totals.requests)} req · ${fmt.count(g.totals.total_tokens)} tok`,
    }));
    return list;
  }

  async burnDown() {
    const keys = await usage.keyIndex();
    const budgeted = [...keys.values()].filter((k) => k.budget && k.status !== 'revoked');
    if (!budgeted.length) {
      replace(
        this.burn,
        empty('No key has a budget. Give one a budget on the Keys page to follow its burn-down here.'),
      );
      return;
    }
    const chooser = select(
      budgeted.map((k) => [k.id, `${k.name} (${k.budget.period})`]),
      { value: this.burnKey || budgeted[0].id },
    );
    const body = h('div', { class: 'burn-body' });
    chooser.addEventListener('change', () => {
      this.burnKey = chooser.value;
      this.load(body, () => this.drawBurn(keys.get(chooser.value), body));
    });
    replace(this.burn, field('Key', chooser), body);
    await this.load(body, () => this.drawBurn(keys.get(chooser.value), body));
  }

  async drawBurn(key, body) {
    const now = new Date();
    const start = usage.budgetPeriodStart(key, now);
    const end = usage.budgetPeriodEnd(key, start);
    const to = usage.ceilHour(new Date(now.getTime() + 1));
    const limit = String(key.budget.limit_usd);
    const spentSummary = await usage.summary(
      { from: usage.floorHour(start).toISOString(), to: to.toISOString(), groupBy: 'key' },
      this.signal,
    );
    const own = spentSummary.groups.find((g) => g.dimensions.key === key.id);
    const spent = key.spend ? key.spend.cost : own ? own.totals.cost : '0';
    const remaining = decimal.subtract(limit, spent);
    const pct = decimal.percentOf(spent, limit);
    const meter = h('meter', {
      min: 0,
      max: 100,
      low: key.budget.alert_at_percent || 80,
      high: 95,
      optimum: 0,
      value: Math.min(100, pct),
    });
    const facts = h(
      'p',
      { class: 'burn-facts' },
      h('strong', null, fmt.money(spent)),
      ` spent of ${fmt.money(limit)} (${fmt.percent(pct)}) since ${fmt.time(start)}; `,
      h('strong', null, fmt.money(decimal.compare(remaining, '0') < 0 ? '0' : remaining)),
      ' left',
      end ? ` until ${fmt.time(end)}.` : '.',
    );
    replace(body, facts, meter);
    const interval = key.budget.period === 'daily' ? 'hour' : 'day';
    let series;
    try {
      series = await usage.timeseries(
        { from: usage.floorHour(start).toISOString(), to: to.toISOString(), interval, key: key.id, tz: 'UTC' },
        this.signal,
      );
    } catch (error) {
      if (error.name === 'AbortError') throw error;
      body.append(
        h('p', { class: 'state state-error', role: 'alert' }, `The burn-down chart is unavailable: ${error.message}`),
      );
      return;
    }
    const labels = series.points.map((p) => new Date(p.start));
    let cumulative = '0';
    const left = series.points.map((p) => {
      cumulative = decimal.add(cumulative, p.totals.cost);
      return decimal.subtract(limit, cumulative);
    });
    // the rest of the period, so the even pace runs to its end
    const stepMs = (interval === 'hour' ? 1 : 24) * 3600 * 1000;
    if (end && labels.length) {
      for (let next = labels[labels.length - 1].getTime() + stepMs; next < end.getTime(); next += stepMs) {
        labels.push(new Date(next));
        left.push(null);
      }
    }
    const total = end ? end.getTime() - start.getTime() : null;
    const ideal = labels.map((d) =>
      total
        ? decimal.toNumber(limit) * Math.max(0, 1 - (d.getTime() + stepMs - start.getTime()) / total)
        : decimal.toNumber(limit),
    );
    const chart = document.createElement('llm-time-chart');
    chart.data = {
      kind: 'line',
      labels,
      xFormat: interval === 'hour' ? fmt.hour : fmt.dayUtc,
      yFormat: fmt.axisMoney,
      description: `Budget left for ${key.name} over its ${key.budget.period} period`,
      series: [
        {
          name: 'Budget left',
          values: left.map((v) => (v === null ? null : decimal.toNumber(v))),
          display: left.map((v) => (v === null ? '—' : fmt.money(v))),
        },
        {
          name: total ? 'Even pace' : 'Limit',
          values: ideal,
          display: ideal.map((v) => fmt.money(v.toFixed(6))),
          dashed: true,
        },
      ],
    };
    body.append(chart);
  }
}

customElements.define('llm-overview-page', OverviewPage);
