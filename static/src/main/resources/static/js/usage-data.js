import { api, all } from './api.js';
import * as session from './session.js';
import * as decimal from './decimal.js';
import { timeZone } from './format.js';

const HOUR = 3600 * 1000;

export function floorHour(date) {
  return new Date(Math.floor(date.getTime() / HOUR) * HOUR);
}

export function ceilHour(date) {
  return new Date(Math.ceil(date.getTime() / HOUR) * HOUR);
}

/** The ranges the overview offers; bounds on whole hours, as the usage API requires. */
export function range(name, now = new Date()) {
  const to = ceilHour(new Date(now.getTime() + 1));
  if (name === '24h') return { from: new Date(to.getTime() - 24 * HOUR), to, interval: 'hour' };
  const days = name === '30d' ? 30 : 7;
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - (days - 1));
  return { from: floorHour(start), to, interval: 'day' };
}

// Reports are summed by UTC hour, so the proxy refuses a zone that is not a whole number of hours
// from UTC (e.g. Asia/Kolkata); days are then UTC days.
let reportZone = timeZone;

export function zone() {
  return reportZone;
}

async function withZone(path, params, signal) {
  if (!params.tz) return api(path, { query: params, signal });
  try {
    return await api(path, { query: { ...params, tz: params.tz === timeZone ? reportZone : params.tz }, signal });
  } catch (error) {
    if (error.status !== 400 || !/^tz\b/.test(error.message) || reportZone === 'UTC') throw error;
    reportZone = 'UTC';
    return api(path, { query: { ...params, tz: 'UTC' }, signal });
  }
}

export function summary(params, signal) {
  return withZone('/api/usage/summary', params, signal);
}

export function timeseries(params, signal) {
  return withZone('/api/usage/timeseries', { tz: timeZone, ...params }, signal);
}

/** Groups of a summary, largest cost first (then most requests). */
export function ranked(groups) {
  return [...groups].sort(
    (a, b) => decimal.compare(b.totals.cost, a.totals.cost) || b.totals.requests - a.totals.requests,
  );
}

let keyNames = null;
/** id → key (name, budget…) for labelling reports; fetched again when asked to refresh. */
export function keyIndex(refresh = false) {
  if (!keyNames || refresh) {
    keyNames = all('/api/keys', {}, 2000).then((keys) => new Map(keys.map((key) => [key.id, key])));
    keyNames.catch(() => {
      keyNames = null;
    });
  }
  return keyNames;
}

let teamNames = null;
export function teamIndex(refresh = false) {
  if (!teamNames || refresh) {
    teamNames = all('/api/teams', {}, 2000).then((teams) => new Map(teams.map((team) => [team.id, team])));
    teamNames.catch(() => {
      teamNames = null;
    });
  }
  return teamNames;
}

// what one administrator's session read is not shown to the next one in this tab
session.onChange(() => {
  keyNames = null;
  teamNames = null;
  reportZone = timeZone;
});

/** Polls fn until it returns something truthy: the read models follow commands within ~1 s. */
export async function eventually(fn, { timeout = 8000, every = 250 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Where a budget's current period began (budget periods are in UTC unless configured). */
export function budgetPeriodStart(key, now = new Date()) {
  if (key.spend && key.spend.period_start) return new Date(key.spend.period_start);
  const period = key.budget ? key.budget.period : 'lifetime';
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (period === 'daily') return start;
  if (period === 'weekly') {
    const back = (start.getUTCDay() + 6) % 7;
    return new Date(start.getTime() - back * 24 * HOUR);
  }
  if (period === 'monthly') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return floorHour(new Date(key.created_at || now));
}

export function budgetPeriodEnd(key, start) {
  const period = key.budget ? key.budget.period : 'lifetime';
  if (period === 'daily') return new Date(start.getTime() + 24 * HOUR);
  if (period === 'weekly') return new Date(start.getTime() + 7 * 24 * HOUR);
  if (period === 'monthly') return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return null;
}
