import * as session from './session.js';

/** An API error in the proxy's shape {"error":{"message","type","param","code"}}. */
export class ApiError extends Error {
  constructor(status, message, type, code, param) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function toError(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: the status line is all there is
  }
  const error = body && body.error ? body.error : {};
  const message = error.message || `${response.status} ${response.statusText || 'request failed'}`;
  return new ApiError(response.status, message, error.type, error.code, error.param);
}

/**
 * Calls the proxy with the session's bearer token. A 401 ends the session (the app then shows the
 * sign-in page); other failures throw an ApiError with the server's message.
 * options: method, query, body (object → JSON; Blob/string sent as is), headers, raw, signal.
 */
export async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  const bearer = session.token();
  if (bearer && !options.anonymous) headers.Authorization = `Bearer ${bearer}`;
  let body = options.body;
  if (body !== undefined && !(body instanceof Blob) && typeof body !== 'string') {
    body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path + query(options.query), {
      method: options.method || 'GET',
      headers,
      body,
      signal: options.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The proxy cannot be reached. Check that it is running, then try again.', 'network_error');
  }
  if (response.status === 401 && bearer && !options.anonymous) {
    session.end('refused');
    throw await toError(response);
  }
  if (!response.ok) throw await toError(response);
  if (options.raw) return response;
  if (response.status === 204) return null;
  const type = response.headers.get('content-type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export function signIn(username, password) {
  return api('/admin/session', { method: 'POST', body: { username, password }, anonymous: true });
}

/**
 * Signs out: the token is dropped here at once, and the server is asked to refuse it from now on
 * (on every node), so a copy of it is worthless too. Best effort: an unreachable server does not
 * keep anyone signed in.
 */
export function signOut() {
  const bearer = session.token();
  session.end('signed-out');
  if (!bearer) return;
  fetch('/admin/session', {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${bearer}` },
    credentials: 'omit',
    cache: 'no-store',
    keepalive: true,
  }).catch(() => {});
}

/** Walks a cursor-paged list ({data, has_more, next_cursor}) to its end, up to max entries. */
export async function all(path, params = {}, max = 1000) {
  const items = [];
  let cursor;
  do {
    const page = await api(path, { query: { ...params, limit: 200, cursor } });
    items.push(...page.data);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor && items.length < max);
  return items;
}
