import { normalize } from './decimal.js';

const locale = undefined; // the browser's
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
const shortDateTime = new Intl.DateTimeFormat(locale, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dayOnly = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
const hourOnly = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
const groupSeparator = (
  new Intl.NumberFormat(locale).formatToParts(1000).find((p) => p.type === 'group') || { value: ',' }
).value;
const decimalSeparator = (
  new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal') || { value: '.' }
).value;

export const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function group(wholeDigits) {
  return wholeDigits.replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator);
}

/**
 * US dollars exactly as the ledger holds them: every decimal place kept (at least two), the whole
 * part grouped. "0.00000555" → "$0.00000555", "1234.5" → "$1,234.50".
 */
export function money(value) {
  if (value === null || value === undefined || value === '') return '—';
  let text;
  try {
    text = normalize(value);
  } catch {
    return String(value);
  }
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  let [whole, fraction = ''] = text.split('.');
  fraction = fraction.padEnd(2, '0');
  return `${negative ? '−' : ''}$${group(whole)}${decimalSeparator}${fraction}`;
}

/** A plain exact decimal (a price per million tokens): grouped, no currency, no rounding. */
export function decimal(value) {
  if (value === null || value === undefined || value === '') return '—';
  let text;
  try {
    text = normalize(value);
  } catch {
    return String(value);
  }
  const negative = text.startsWith('-');
  if (negative) text = text.slice(1);
  const [whole, fraction] = text.split('.');
  return `${negative ? '−' : ''}${group(whole)}${fraction ? decimalSeparator + fraction : ''}`;
}

/** Token and request counts with grouping. */
export function count(value) {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'bigint') return group(value.toString());
  const n = Number(value);
  return Number.isFinite(n) ? integer.format(n) : String(value);
}

/** Compact count for chart axes: 1.2K, 3.4M. */
export function compact(n) {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** A chart axis label in dollars: two significant digits below a dollar, compact above. */
export function axisMoney(n) {
  if (!n) return '$0';
  if (n >= 1000) return `$${compact(n)}`;
  if (n >= 1) return `$${n.toLocaleString(locale, { maximumFractionDigits: 2 })}`;
  const digits = Math.min(12, 1 - Math.floor(Math.log10(n)));
  return `$${n.toLocaleString(locale, { minimumFractionDigits: 0, maximumFractionDigits: digits })}`;
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : dateTime.format(date);
}

export function shortTime(date) {
  return shortDateTime.format(date instanceof Date ? date : new Date(date));
}

export function day(date) {
  return dayOnly.format(date instanceof Date ? date : new Date(date));
}

const utcDay = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
export function dayUtc(date) {
  return utcDay.format(date instanceof Date ? date : new Date(date));
}

export function hour(date) {
  return hourOnly.format(date instanceof Date ? date : new Date(date));
}

export function percent(value) {
  if (value === null || value === undefined) return '—';
  if (value > 0 && value < 0.1) return '< 0.1 %';
  return `${Number(value).toLocaleString(locale, { maximumFractionDigits: 1 })} %`;
}

export function millis(value) {
  if (value === null || value === undefined) return '—';
  return `${integer.format(Number(value))} ms`;
}

export function limits(value) {
  if (!value) return 'none';
  const parts = [];
  if (value.requests_per_minute != null) parts.push(`${count(value.requests_per_minute)} req/min`);
  if (value.tokens_per_minute != null) parts.push(`${count(value.tokens_per_minute)} tok/min`);
  return parts.length ? parts.join(', ') : 'none';
}

export function budget(value) {
  if (!value) return 'none';
  const alert = value.alert_at_percent != null ? `, alert at ${value.alert_at_percent} %` : '';
  return `${money(value.limit_usd)} ${value.period}${alert}`;
}

/** A datetime-local input's value (browser zone) as an ISO instant, or null. */
export function localInputToIso(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as a datetime-local input value in the browser's zone. */
export function isoToLocalInput(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
