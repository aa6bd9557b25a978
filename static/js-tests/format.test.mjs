import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fmt from '../src/main/resources/static/js/format.js';
import * as decimal from '../src/main/resources/static/js/decimal.js';
import { forAll } from './support/random.mjs';
import { assertTestEnvironment, evaluateIn } from './support/modules.mjs';

// ICU puts a narrow no-break space before AM/PM; which space is ICU's business, not ours
const spaced = (text) => text.replace(/\s/g, ' ');

test('runs in the locale and zone the expected texts are written for', () => {
  assertTestEnvironment(assert);
  assert.equal(fmt.timeZone, 'UTC');
});

test('money keeps every decimal place of the ledger, at least two', () => {
  assert.equal(fmt.money('0.00000555'), '$0.00000555');
  assert.equal(fmt.money('1234.5'), '$1,234.50');
  assert.equal(fmt.money('0'), '$0.00');
  assert.equal(fmt.money('1.000'), '$1.00');
  assert.equal(fmt.money('0.123456789012345678'), '$0.123456789012345678');
  assert.equal(fmt.money(5), '$5.00');
  assert.equal(fmt.money(1e-7), '$0.0000001');
});

test('money of an exact sum shows no floating-point error', () => {
  assert.equal(fmt.money(decimal.add('0.1', '0.2')), '$0.30');
  assert.equal(fmt.money(decimal.sum(Array(3).fill('0.000001'))), '$0.000003');
  // a number that already carries the error is shown as it is, not rounded into a false total
  assert.equal(fmt.money(0.1 + 0.2), '$0.30000000000000004');
});

test('money groups large values without losing digits', () => {
  assert.equal(fmt.money('1000000'), '$1,000,000.00');
  assert.equal(fmt.money('123456789012345678901234.5'), '$123,456,789,012,345,678,901,234.50');
  assert.equal(fmt.money('999.999'), '$999.999');
  assert.equal(fmt.money('100'), '$100.00');
});

test('money of negatives has a minus sign before the currency, and no sign on zero', () => {
  assert.equal(fmt.money('-12.3'), '\u2212$12.30');
  assert.equal(fmt.money('-1234567.891'), '\u2212$1,234,567.891');
  assert.equal(fmt.money('-0.00'), '$0.00');
});

test('money shows a dash for nothing and the text itself for what is not a decimal', () => {
  for (const nothing of [null, undefined, '']) assert.equal(fmt.money(nothing), '—');
  assert.equal(fmt.money('n/a'), 'n/a');
  assert.equal(fmt.decimal('1.2.3'), '1.2.3');
});

test('decimal is exact and grouped, with no currency and no padding', () => {
  assert.equal(fmt.decimal('2.5'), '2.5');
  assert.equal(fmt.decimal('1000000'), '1,000,000');
  assert.equal(fmt.decimal('-1234.5678'), '\u22121,234.5678');
  assert.equal(fmt.decimal('0.10'), '0.1');
  assert.equal(fmt.decimal(null), '—');
});

test('property: money and decimal show exactly the value, grouped by threes', () => {
  forAll(
    500,
    (random) => random.decimal(),
    (value) => {
      const exact = decimal.normalize(value);
      const shown = fmt.money(value);
      assert.match(shown, /^\u2212?\$\d{1,3}(,\d{3})*\.\d{2,}$/);
      const digits = shown.replace('\u2212', '-').replace('$', '').replaceAll(',', '');
      assert.equal(decimal.normalize(digits), exact);
      assert.equal(decimal.normalize(fmt.decimal(value).replace('\u2212', '-').replaceAll(',', '')), exact);
    },
  );
});

test('money and decimal follow the browser locale for separators', () => {
  const german = evaluateIn({ LC_ALL: 'de_DE.UTF-8' }, 'format.js', "[m.money('1234567.5'), m.decimal('-1234.5678')]");
  assert.deepEqual(german, ['$1.234.567,50', '\u22121.234,5678']);
});

test('counts are grouped integers; bigints keep every digit', () => {
  assert.equal(fmt.count(1234567), '1,234,567');
  assert.equal(fmt.count(12345678901234567890n), '12,345,678,901,234,567,890');
  assert.equal(fmt.count('42'), '42');
  assert.equal(fmt.count(0), '0');
  assert.equal(fmt.count(1.6), '2');
  assert.equal(fmt.count('n/a'), 'n/a');
  for (const nothing of [null, undefined, '']) assert.equal(fmt.count(nothing), '—');
});

test('chart axes are compact', () => {
  assert.deepEqual([1200, 3456789, 999, 1e9].map(fmt.compact), ['1.2K', '3.5M', '999', '1B']);
  assert.deepEqual([0, 0.0012345, 0.5, 2.5, 1234.5, 2500000].map(fmt.axisMoney), [
    '$0',
    '$0.0012',
    '$0.5',
    '$2.5',
    '$1.2K',
    '$2.5M',
  ]);
});

test('percentages, milliseconds, limits and budgets', () => {
  assert.deepEqual([0.05, 12.345, 0, 100, 1234.56, null].map(fmt.percent), [
    '< 0.1 %',
    '12.3 %',
    '0 %',
    '100 %',
    '1,234.6 %',
    '—',
  ]);
  assert.deepEqual([1234, 0.4, null].map(fmt.millis), ['1,234 ms', '0 ms', '—']);
  assert.equal(fmt.limits({ requests_per_minute: 1200, tokens_per_minute: 250000 }), '1,200 req/min, 250,000 tok/min');
  assert.equal(fmt.limits({ requests_per_minute: null, tokens_per_minute: 0 }), '0 tok/min');
  assert.equal(fmt.limits({}), 'none');
  assert.equal(fmt.limits(null), 'none');
  assert.equal(
    fmt.budget({ limit_usd: '25.5', period: 'monthly', alert_at_percent: 80 }),
    '$25.50 monthly, alert at 80 %',
  );
  assert.equal(fmt.budget({ limit_usd: '0.000001', period: 'daily' }), '$0.000001 daily');
  assert.equal(fmt.budget(null), 'none');
});

test('dates and times', () => {
  assert.equal(spaced(fmt.time('2026-01-02T03:04:05Z')), 'Jan 2, 2026, 3:04:05 AM');
  assert.equal(fmt.time('not a date'), 'not a date');
  assert.equal(fmt.time(null), '—');
  assert.equal(spaced(fmt.shortTime('2026-01-02T15:04:05Z')), 'Jan 2, 03:04 PM');
  assert.equal(spaced(fmt.shortTime(new Date(Date.UTC(2026, 11, 31, 23, 59)))), 'Dec 31, 11:59 PM');
  assert.equal(fmt.day('2026-02-28T23:59:59Z'), 'Feb 28');
  assert.equal(spaced(fmt.hour(new Date(Date.UTC(2026, 0, 1, 0, 30)))), '12:30 AM');
});

test('dates follow the browser zone; UTC days do not', () => {
  const [day, utcDay, time] = evaluateIn(
    { TZ: 'Pacific/Auckland' },
    'format.js',
    "[m.day('2026-01-02T15:00:00Z'), m.dayUtc('2026-01-02T15:00:00Z'), m.time('2026-01-02T15:00:00Z')]",
  );
  assert.deepEqual([day, utcDay, spaced(time)], ['Jan 3', 'Jan 2', 'Jan 3, 2026, 4:00:00 AM']);
});

test('datetime-local values convert to instants and back', () => {
  assert.equal(fmt.isoToLocalInput('2026-03-04T05:06:59Z'), '2026-03-04T05:06');
  assert.equal(fmt.localInputToIso('2026-03-04T05:06'), '2026-03-04T05:06:00.000Z');
  assert.equal(fmt.localInputToIso(''), null);
  assert.equal(fmt.localInputToIso('tomorrow'), null);
  assert.equal(fmt.isoToLocalInput(null), '');
  const [input, iso] = evaluateIn(
    { TZ: 'America/New_York' },
    'format.js',
    "[m.isoToLocalInput('2026-07-01T12:00:00Z'), m.localInputToIso('2026-01-15T09:30')]",
  );
  assert.deepEqual([input, iso], ['2026-07-01T08:00', '2026-01-15T14:30:00.000Z']);
});

test('property: an instant on a whole minute survives the round trip through a datetime-local value', () => {
  forAll(
    300,
    (random) =>
      new Date(
        Date.UTC(random.int(1970, 2100), random.int(0, 11), random.int(1, 28), random.int(0, 23), random.int(0, 59)),
      ).toISOString(),
    (iso) => assert.equal(fmt.localInputToIso(fmt.isoToLocalInput(iso)), iso),
  );
});
