import { api, all } from './api.js';
import * as session from './session.js';
import * as decimal from './decimal.js';
import { timeZone } from './format.js';

export { floorHour, ceilHour, range, budgetPeriodStart, budgetPeriodEnd } from './periods.js';

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
