import { h, replace, empty, table, field, input, modal, toast, loading, errorBox } from '../dom.js';
import { api } from '../api.js';
import * as fmt from '../format.js';
import * as usage from '../usage-data.js';
import { FormError } from '../forms.js';
import { Page } from './page.js';

const DECIMAL = /^\d{1,12}(\.\d{1,9})?$/;

function priceColumns() {
  return [
    { label: 'Input / 1M', class: 'num', render: (p) => (p ? fmt.money(p.input_per_million) : '—') },
    { label: 'Output / 1M', class: 'num', render: (p) => (p ? fmt.money(p.output_per_million) : '—') },
    {
      label: 'Cached input / 1M',
      class: 'num',
      render: (p) => (p && p.cached_input_per_million != null ? fmt.money(p.cached_input_per_million) : '—'),
    },
    {
      label: 'Cache write / 1M',
      class: 'num',
      render: (p) => (p && p.cache_write_per_million != null ? fmt.money(p.cache_write_per_million) : '—'),
    },
    { label: 'Effective from', render: (p) => (p ? fmt.time(p.effective_from) : '—') },
    {
      label: 'Version',
      render: (p) =>
        p
          ? h(
              'span',
              null,
              h('code', null, p.version),
              p.source ? h('small', { class: 'muted block' }, p.source) : null,
            )
          : '—',
    },
  ];
}

class PricesPage extends Page {
  build() {
    this.filter = input({ type: 'search', placeholder: 'Model name' });
    this.filter.addEventListener('input', () => this.render());
    this.results = h('div', { class: 'results' });
    replace(
      this,
      this.header(
        'Prices',
        'US dollars per million tokens. Every ledger entry is costed at the price in force when its request started.',
        this.admin
          ? h('button', { type: 'button', class: 'primary', onclick: () => this.setPrice(null) }, 'Set price')
          : null,
      ),
      h(
        'form',
        { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
        field('Filter', this.filter),
      ),
      this.results,
    );
    this.refresh();
  }

  refresh() {
    return this.load(this.results, async () => {
      this.prices = await api('/api/prices', { signal: this.signal });
      this.render();
    });
  }

  render() {
    if (!this.prices) return;
    const q = this.filter.value.trim().toLowerCase();
    const rows = this.prices.filter((p) => !q || p.model.includes(q));
    if (!rows.length) {
      replace(this.results, empty(q ? 'No priced model matches.' : 'No prices yet.'));
      return;
    }
    const columns = [
      { label: 'Model', render: (p) => h('code', null, p.model) },
      ...priceColumns().map((c) => ({ ...c, render: (p) => c.render(p.current) })),
      {
        label: 'Scheduled',
        render: (p) =>
          p.scheduled.length
            ? p.scheduled
                .map(
                  (s) =>
                    `${fmt.money(s.input_per_million)} / ${fmt.money(s.output_per_million)} from ${fmt.time(s.effective_from)}`,
                )
                .join('; ')
            : '—',
      },
      {
        label: 'Actions',
        class: 'actions-cell',
        render: (p) =>
          h(
            'div',
            { class: 'row-actions' },
            h(
              'button',
              {
                type: 'button',
                class: 'small',
                'aria-label': `History of ${p.model}`,
                onclick: () => this.history(p.model),
              },
              'History',
            ),
            this.admin
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'small',
                    'aria-label': `Set price of ${p.model}`,
                    onclick: () => this.setPrice(p),
                  },
                  'Set',
                )
              : null,
          ),
      },
    ];
    replace(this.results, table(columns, rows, { caption: 'Current prices' }));
  }

  history(model) {
    return modal(
      `Price history of ${model}`,
      () => {
        const body = h('div', { class: 'dialog-body' }, loading());
        api(`/api/prices/${encodeURIComponent(model)}`)
          .then((history) => replace(body, table(priceColumns(), [...history].reverse(), { caption: 'Newest first' })))
          .catch((error) => replace(body, errorBox(error)));
        return body;
      },
      { wide: true },
    );
  }

  async setPrice(existing) {
    const current = existing && existing.current;
    const model = await modal(
      existing ? `Set the price of ${existing.model}` : 'Set a price',
      (close) => {
        const name = input({ required: true, value: existing ? existing.model : '', readonly: !!existing });
        const money = (value) => input({ inputmode: 'decimal', value: value != null ? String(value) : '' });
        const inputPrice = money(current && current.input_per_million);
        const outputPrice = money(current && current.output_per_million);
        const cached = money(current && current.cached_input_per_million);
        const cacheWrite = money(current && current.cache_write_per_million);
        const from = input({ type: 'datetime-local' });
        const message = h('div', { class: 'form-message', role: 'alert' });
        const form = h(
          'form',
          { class: 'dialog-body', novalidate: true },
          field('Upstream model', name, 'The model name a route sends to the provider'),
          h(
            'div',
            { class: 'grid two' },
            field('Input per 1M tokens', inputPrice),
            field('Output per 1M tokens', outputPrice),
            field('Cached input per 1M', cached, 'Optional'),
            field('Cache write per 1M', cacheWrite, 'Optional'),
          ),
          field('Effective from', from, 'In your time zone; empty: now'),
          message,
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', onclick: () => close(undefined) }, 'Cancel'),
            h('button', { type: 'submit', class: 'primary' }, 'Save price'),
          ),
        );
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          replace(message);
          try {
            const required = (control, label) => {
              const text = control.value.trim();
              if (!DECIMAL.test(text))
                throw new FormError(`${label} must be a decimal amount such as 0.15 (at most 9 places)`);
              return text;
            };
            const optional = (control, label) => (control.value.trim() ? required(control, label) : null);
            if (!/^[A-Za-z0-9._:-]{1,128}$/.test(name.value.trim()))
              throw new FormError('A model name is 1-128 letters, digits, dots, underscores, colons or dashes.');
            const body = {
              input_per_million: required(inputPrice, 'Input'),
              output_per_million: required(outputPrice, 'Output'),
              cached_input_per_million: optional(cached, 'Cached input'),
              cache_write_per_million: optional(cacheWrite, 'Cache write'),
              effective_from: fmt.localInputToIso(from.value),
            };
            await api(`/admin/prices/${encodeURIComponent(name.value.trim())}`, { method: 'PUT', body });
            close(name.value.trim().toLowerCase());
          } catch (error) {
            replace(message, error.message);
          }
        });
        return form;
      },
      { wide: true },
    );
    if (!model) return;
    toast(`Price of ${model} saved.`, 'success');
    const before = current ? current.version : null;
    await usage.eventually(async () => {
      const all = await api('/api/prices');
      const entry = all.find((p) => p.model === model);
      return entry && ((entry.current && entry.current.version !== before) || entry.scheduled.length);
    });
    await this.refresh();
  }
}

customElements.define('llm-prices-page', PricesPage);
