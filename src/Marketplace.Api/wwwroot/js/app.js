// The shell: hash routes, the sign-in dialog, and the keyboard (/ search, j/k move, Enter open, x select).
import { auth, call, ApiError } from './api.js';
import { h, problem } from './dom.js';

const routes = [
  [/^#?\/?$/, () => import('./pages/sources.js'), 'sources'],
  [/^#\/sources$/, () => import('./pages/sources.js'), 'sources'],
  [/^#\/sources\/([0-9a-f-]{36})$/, () => import('./pages/catalog.js'), 'sources'],
  [/^#\/imports$/, () => import('./pages/imports.js'), 'imports'],
  [/^#\/imports\/([0-9a-f-]{36})$/, () => import('./pages/import.js'), 'imports'],
  [/^#\/collection$/, () => import('./pages/collection.js'), 'collection'],
  [/^#\/collection\/(.+)$/, () => import('./pages/artifact.js'), 'collection'],
  [/^#\/workflows$/, () => import('./pages/workflows.js'), 'workflows'],
  [/^#\/workflows\/([0-9a-f-]{36})$/, () => import('./pages/workflow.js'), 'workflows'],
  [/^#\/executions\/([0-9a-f-]{36})$/, () => import('./pages/execution.js'), 'workflows'],
  [/^#\/health$/, () => import('./pages/health.js'), 'health'],
];

const main = document.getElementById('main');
const search = document.getElementById('search');
const dialog = document.getElementById('signin');
let cleanup = null;
let generation = 0;
const searchListeners = new Set();

const ctx = {
  onSearch(fn) { searchListeners.add(fn); },
  get query() { return search.value.trim().toLowerCase(); },
  go(hash) { if (location.hash === hash) render(); else location.hash = hash; },
  refresh: () => render(),
};

async function render() {
  const mine = ++generation;
  if (cleanup) { try { cleanup(); } catch { /* a page's stream already closed */ } }
  cleanup = null;
  searchListeners.clear();
  const hash = location.hash || '#/sources';
  const route = routes.find(([re]) => re.test(hash));
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.nav === route?.[2]);
  document.getElementById('signout').hidden = !auth.key;
  if (!route) {
    main.replaceChildren(h('p', { class: 'error' }, 'No such page. '), h('a', { href: '#/sources' }, 'Sources'));
    return;
  }
  const params = hash.match(route[0]).slice(1).map(decodeURIComponent);
  try {
    const module = await route[1]();
    const view = h('div', {});
    const result = await module.render(view, params, ctx);
    if (mine !== generation) { if (typeof result === 'function') result(); return; }
    cleanup = typeof result === 'function' ? result : null;
    main.replaceChildren(view);
    window.dispatchEvent(new CustomEvent('ui:rendered', { detail: { hash } }));
  } catch (e) {
    if (mine !== generation) return;
    main.replaceChildren(e instanceof ApiError && e.status === 401
      ? h('p', { class: 'muted' }, 'Sign in to see this page.')
      : problem(e));
  }
}

// ---- sign-in -------------------------------------------------------------------------------------------------------
auth.onUnauthorized(() => {
  auth.clear();
  document.getElementById('signout').hidden = true;
  if (!dialog.open) dialog.showModal();
  document.getElementById('signin-key').focus();
});

document.getElementById('signin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const input = document.getElementById('signin-key');
  const error = document.getElementById('signin-error');
  auth.set(input.value.trim());
  try {
    await call('/marketplace/sources?limit=1');
    input.value = '';
    error.hidden = true;
    dialog.close();
    render();
  } catch (e) {
    auth.clear();
    error.textContent = e.status === 401 ? 'That key is not accepted.' : e.message;
    error.hidden = false;
    if (!dialog.open) dialog.showModal();
  }
});
dialog.addEventListener('cancel', (ev) => { if (!auth.key) ev.preventDefault(); });

document.getElementById('signout').addEventListener('click', () => { auth.clear(); render(); });

// ---- keyboard ------------------------------------------------------------------------------------------------------
const typing = (el) => el && (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable);

function rows() { return [...main.querySelectorAll('[data-row]')].filter((r) => r.offsetParent !== null); }

function move(step) {
  const all = rows();
  if (!all.length) return;
  const at = all.findIndex((r) => r.classList.contains('current'));
  const next = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))];
  for (const r of all) r.classList.toggle('current', r === next);
  next.scrollIntoView({ block: 'nearest' });
}

document.addEventListener('keydown', (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || dialog.open) return;
  if (ev.key === '/' && !typing(document.activeElement)) {
    ev.preventDefault();
    search.focus();
    search.select();
    return;
  }
  if (ev.key === 'Escape' && document.activeElement === search) { search.blur(); return; }
  if (typing(document.activeElement)) return;
  const current = main.querySelector('[data-row].current');
  if (ev.key === 'j') { ev.preventDefault(); move(1); }
  else if (ev.key === 'k') { ev.preventDefault(); move(-1); }
  else if (ev.key === 'Enter' && current && !['A', 'BUTTON'].includes(document.activeElement?.tagName)) {
    ev.preventDefault();
    current.dispatchEvent(new CustomEvent('row:open', { bubbles: true }));
  } else if (ev.key === 'x' && current) {
    const box = current.querySelector('input[type=checkbox]');
    if (box) { box.click(); }
  }
});

// A row opens on Enter (row:open) or a click outside its controls: its data-open hash, or its own handler.
main.addEventListener('row:open', (ev) => {
  const row = ev.target.closest('[data-row]');
  if (row?.dataset.open) ctx.go(row.dataset.open);
});
main.addEventListener('click', (ev) => {
  const row = ev.target.closest('[data-row]');
  if (!row || ev.target.closest('a, button, input, select, label, textarea')) return;
  for (const r of rows()) r.classList.toggle('current', r === row);
  if (row.dataset.open) ctx.go(row.dataset.open);
});

// 'search' as well: Escape and the clear button empty a search field without an 'input' event.
for (const type of ['input', 'search']) search.addEventListener(type, () => { for (const fn of searchListeners) fn(ctx.query); });
search.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); move(0); search.blur(); } });

window.addEventListener('hashchange', () => { search.value = ''; render(); });
render();
