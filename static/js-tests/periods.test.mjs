import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as periods from '../src/main/resources/static/js/periods.js';
import { forAll } from './support/random.mjs';
import { assertTestEnvironment, evaluateIn } from './support/modules.mjs';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const at = (iso) => new Date(iso);

test('runs in the zone the expected instants are written for', () => {
  assertTestEnvironment(assert);
});

test('hours are floored and ceiled to whole hours', () => {
  assert.equal(periods.floorHour(at('2026-05-06T07:59:59.999Z')).toISOString(), '2026-05-06T07:00:00.000Z');
  assert.equal(periods.ceilHour(at('2026-05-06T07:00:00.001Z')).toISOString(), '2026-05-06T08:00:00.000Z');
  assert.equal(periods.ceilHour(at('2026-05-06T07:00:00.000Z')).toISOString(), '2026-05-06T07:00:00.000Z');
});

test('the overview ranges end on the next whole hour after now', () => {
  const last24 = periods.range('24h', at('2026-05-06T07:00:00.000Z'));
  assert.deepEqual(
    { from: last24.from.toISOString(), to: last24.to.toISOString(), interval: last24.interval },
    { from: '2026-05-05T08:00:00.000Z', to: '2026-05-06T08:00:00.000Z', interval: 'hour' },
  );
  const week = periods.range('7d', at('2026-05-06T07:30:00Z'));
  assert.deepEqual(
    [week.from.toISOString(), week.to.toISOString(), week.interval],
    ['2026-04-30T00:00:00.000Z', '2026-05-06T08:00:00.000Z', 'day'],
  );
  assert.equal(periods.range('30d', at('2026-05-06T07:30:00Z')).from.toISOString(), '2026-04-07T00:00:00.000Z');
  assert.equal(periods.range('unknown', at('2026-05-06T07:30:00Z')).from.toISOString(), week.from.toISOString());
});

test('the day ranges start at local midnight, floored to the hour where the zone is off by half an hour', () => {
  const [berlin, kolkata] = ['Europe/Berlin', 'Asia/Kolkata'].map((TZ) =>
    evaluateIn({ TZ }, 'periods.js', "m.range('7d', new Date('2026-03-31T12:00:00Z')).from.toISOString()"),
  );
  // Berlin moved to summer time on 29 March: 25 March's midnight is still UTC+1
  assert.equal(berlin, '2026-03-24T23:00:00.000Z');
  assert.equal(kolkata, '2026-03-24T18:00:00.000Z');
});

test('budget periods start in UTC: day, Monday, first of the month; a lifetime budget at the key', () => {
  const now = at('2026-05-07T15:20:00Z'); // a Thursday
  const start = (period, key = {}) =>
    periods.budgetPeriodStart({ budget: period && { period }, ...key }, now).toISOString();
  assert.equal(start('daily'), '2026-05-07T00:00:00.000Z');
  assert.equal(start('weekly'), '2026-05-04T00:00:00.000Z');
  assert.equal(start('monthly'), '2026-05-01T00:00:00.000Z');
  assert.equal(start('lifetime', { created_at: '2026-01-02T03:45:00Z' }), '2026-01-02T03:00:00.000Z');
  assert.equal(start(null, { created_at: '2026-01-02T03:45:00Z' }), '2026-01-02T03:00:00.000Z');
  assert.equal(start('daily', { spend: { period_start: '2026-05-07T06:00:00Z' } }), '2026-05-07T06:00:00.000Z');
});

test('budget periods end a day, a week or a month later; a lifetime budget never', () => {
  const end = (period, iso) => periods.budgetPeriodEnd({ budget: { period } }, at(iso));
  assert.equal(end('daily', '2026-05-07T00:00:00Z').toISOString(), '2026-05-08T00:00:00.000Z');
  assert.equal(end('weekly', '2026-05-04T00:00:00Z').toISOString(), '2026-05-11T00:00:00.000Z');
  assert.equal(end('monthly', '2026-12-01T00:00:00Z').toISOString(), '2027-01-01T00:00:00.000Z');
  assert.equal(end('monthly', '2028-02-01T00:00:00Z').toISOString(), '2028-03-01T00:00:00.000Z');
  assert.equal(end('lifetime', '2026-05-04T00:00:00Z'), null);
  assert.equal(periods.budgetPeriodEnd({}, at('2026-05-04T00:00:00Z')), null);
});

test('property: the current budget period contains now and has its length', () => {
  forAll(
    500,
    (random) => ({ now: random.int(0, 4102444800000), period: random.pick(['daily', 'weekly', 'monthly']) }),
    ({ now, period }) => {
      const key = { budget: { period } };
      const start = periods.budgetPeriodStart(key, new Date(now));
      const end = periods.budgetPeriodEnd(key, start);
      assert.ok(start.getTime() <= now && now < end.getTime());
      assert.equal(start.getUTCHours() + start.getUTCMinutes() + start.getUTCSeconds() + start.getUTCMilliseconds(), 0);
      if (period === 'daily') assert.equal(end - start, DAY);
      if (period === 'weekly') assert.deepEqual([start.getUTCDay(), end - start], [1, 7 * DAY]);
      if (period === 'monthly') assert.deepEqual([start.getUTCDate(), end.getUTCDate()], [1, 1]);
    },
  );
});

test('property: the 24 hour range is 24 whole hours ending within the hour after now', () => {
  forAll(
    500,
    (random) => random.int(0, 4102444800000),
    (now) => {
      const { from, to } = periods.range('24h', new Date(now));
      assert.equal(to % HOUR, 0);
      assert.equal(to - from, DAY);
      assert.ok(now < to.getTime() && to.getTime() <= now + HOUR);
    },
  );
});
