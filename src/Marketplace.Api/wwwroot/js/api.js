// Every data call goes to /api/v1 with the key from the sign-in form, kept in this tab's sessionStorage only:
// never in a URL, never logged. A 401 asks for the key again.
const KEY = 'marketplace.apiKey';
const listeners = new Set();

export const auth = {
  get key() { return sessionStorage.getItem(KEY); },
  set(key) { sessionStorage.setItem(KEY, key); },
  clear() { sessionStorage.removeItem(KEY); },
  onUnauthorized(fn) { listeners.add(fn); },
  unauthorized() { for (const fn of listeners) fn(); },
};

export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function headers(extra) {
  const h = new Headers(extra);
  const key = auth.key;
  if (key) h.set('Authorization', `Bearer ${key}`);
  return h;
}

/** The response of an /api/v1 call, its body parsed: { status, headers, body }. Non-2xx throw ApiError. */
export async function call(path, { method = 'GET', body, signal, accept, raw = false } = {}) {
  const h = headers(accept ? { Accept: accept } : { Accept: 'application/json' });
  if (body !== undefined) h.set('Content-Type', 'application/json');
  const url = path.startsWith('/') && !path.startsWith('/api/') ? `/api/v1${path}` : path;
  const res = await fetch(url, {
    method, headers: h, signal, cache: 'no-store', credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    auth.unauthorized();
    throw new ApiError(401, await json(res), 'An API key is required.');
  }
  if (!res.ok) throw new ApiError(res.status, await json(res));
  if (raw) return { status: res.status, headers: res.headers, body: res };
  const type = res.headers.get('content-type') ?? '';
  const parsed = res.status === 204 ? null : type.includes('json') ? await res.json() : res;
  return { status: res.status, headers: res.headers, body: parsed };
}

export const get = async (path, opts) => (await call(path, opts)).body;
export const post = async (path, body, opts) => (await call(path, { ...opts, method: 'POST', body: body ?? {} })).body;

async function json(res) {
  try { return await res.json(); } catch { return null; }
}

/** The body of an endpoint this server may not have yet: null on 404 or 405. */
export async function optional(path) {
  try { return await get(path); } catch (e) {
    if (e.status === 404 || e.status === 405) return null;
    throw e;
  }
}

/** Fetches an /api/v1 path with the key and hands it to the browser as a download (the key stays in the header). */
export async function download(path, name) {
  const res = await fetch(`/api/v1${path}`, { headers: headers(), cache: 'no-store', credentials: 'omit' });
  if (res.status === 401) { auth.unauthorized(); throw new ApiError(401, null); }
  if (!res.ok) throw new ApiError(res.status, await json(res));
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const DEFAULT_COLLECTION = '00000000-0000-0000-0000-000000000001';
