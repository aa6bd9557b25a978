import { h, field, input, select } from './dom.js';

const DECIMAL = /^\d{1,15}(\.\d{1,10})?$/;

export class FormError extends Error {}

/** Requests/tokens per minute inputs; value() is {requests_per_minute, tokens_per_minute} or null. */
export function limitsFields(legend, current) {
  const rpm = input({
    type: 'number',
    min: 1,
    step: 1,
    inputmode: 'numeric',
    value: current && current.requests_per_minute != null ? String(current.requests_per_minute) : '',
  });
  const tpm = input({
    type: 'number',
    min: 1,
    step: 1,
    inputmode: 'numeric',
    value: current && current.tokens_per_minute != null ? String(current.tokens_per_minute) : '',
  });
  const el = h(
    'fieldset',
    { class: 'inline' },
    h('legend', null, legend),
    field('Requests per minute', rpm),
    field('Tokens per minute', tpm),
  );
  const whole = (control, name) => {
    if (control.value === '') return null;
    const n = Number(control.value);
    if (!Number.isInteger(n) || n < 1) throw new FormError(`${name} must be a whole number of at least 1`);
    return n;
  };
  return {
    el,
    value() {
      const requests = whole(rpm, 'Requests per minute');
      const tokens = whole(tpm, 'Tokens per minute');
      return requests === null && tokens === null ? null : { requests_per_minute: requests, tokens_per_minute: tokens };
    },
  };
}

/** Budget inputs; value() is {limit_usd, period, alert_at_percent} or null for none. */
export function budgetFields(current) {
  const limit = input({ inputmode: 'decimal', placeholder: '50.00', value: current ? String(current.limit_usd) : '' });
  const period = select([['', 'No budget'], 'daily', 'weekly', 'monthly', 'lifetime'], {
    value: current ? current.period : '',
  });
  const alert = input({
    type: 'number',
    min: 1,
    max: 100,
    step: 1,
    value: current && current.alert_at_percent != null ? String(current.alert_at_percent) : '',
  });
  const el = h(
    'fieldset',
    { class: 'inline' },
    h('legend', null, 'Budget (US dollars)'),
    field('Period', period),
    field('Limit', limit, 'Exact decimal, up to 10 places'),
    field('Alert at %', alert),
  );
  return {
    el,
    value() {
      if (!period.value) return null;
      const text = limit.value.trim();
      if (!DECIMAL.test(text)) throw new FormError('The budget limit must be a decimal amount such as 50 or 12.50');
      const body = { limit_usd: text, period: period.value };
      if (alert.value !== '') {
        const n = Number(alert.value);
        if (!Number.isInteger(n) || n < 1 || n > 100)
          throw new FormError('Alert at % must be a whole number from 1 to 100');
        body.alert_at_percent = n;
      }
      return body;
    },
  };
}

export function list(text) {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Equal as JSON, ignoring key order: decides which fields a PATCH must send. */
export function same(a, b) {
  const canonical = (v) =>
    JSON.stringify(v, (key, value) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, x]) => x !== null && x !== undefined)
              .sort(([x], [y]) => (x < y ? -1 : 1)),
          )
        : value,
    );
  return canonical(a ?? null) === canonical(b ?? null);
}
