// The admin token lives in this tab's sessionStorage only (gone when the tab closes), never in
// localStorage or a cookie, and is dropped as soon as it expires or the API refuses it.

const STORAGE_KEY = 'llmproxy.session';
const listeners = new Set();
let current = read();
let expiryTimer;

function read() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    if (stored && stored.token && stored.expiresAt > Date.now()) return stored;
  } catch {
    // an unreadable entry is treated as no session
  }
  sessionStorage.removeItem(STORAGE_KEY);
  return null;
}

function notify(reason) {
  scheduleExpiry();
  for (const listener of listeners) listener(current, reason);
}

function scheduleExpiry() {
  clearTimeout(expiryTimer);
  if (current) {
    const left = current.expiresAt - Date.now();
    expiryTimer = setTimeout(() => end('expired'), Math.max(0, Math.min(left, 2 ** 31 - 1)));
  }
}

export function start(username, answer) {
  current = {
    token: answer.token,
    role: answer.role,
    username,
    expiresAt: Date.now() + (Number(answer.expires_in) || 3600) * 1000,
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  notify('signed-in');
}

/** reason: 'signed-out' (the user asked), 'expired' or 'refused' (a 401). */
export function end(reason = 'signed-out') {
  if (!current) return;
  current = null;
  sessionStorage.removeItem(STORAGE_KEY);
  notify(reason);
}

export function get() {
  return current;
}

export function token() {
  return current ? current.token : null;
}

export function isAdmin() {
  return !!current && current.role === 'admin';
}

export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

scheduleExpiry();
