// Time ranges on whole hours (as the usage API requires) and budget periods: pure date arithmetic,
// apart from the API and the session so that Node's unit tests can import it.

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
