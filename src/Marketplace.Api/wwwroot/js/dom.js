// Element building without innerHTML: every value from the API becomes text, never markup.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style') Object.assign(el.style, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** Replaces an element's children, skipping null/false as h() does (replaceChildren would write "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export const badge = (status) => h('span', { class: `badge s-${String(status ?? '').toLowerCase()}` }, status ?? '—');

export function ms(v) {
  if (v === undefined || v === null) return '—';
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Number(v).toFixed(v < 10 ? 2 : 1)} ms`;
}

export function bytes(n) {
  if (n === undefined || n === null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i ? n.toFixed(1) : n} ${units[i]}`;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export const short = (sha) => (sha ? String(sha).slice(0, 10) : '—');

/** A ProblemDetails (or any error) as a block: title, detail and each field's messages. */
export function problem(err) {
  const p = err?.problem;
  if (!p) return h('div', { class: 'error', role: 'alert' }, err?.message ?? String(err));
  const fields = Object.entries(p.errors ?? {});
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, p.title ?? `HTTP ${err.status}`), p.detail ? ` ${p.detail}` : '',
    fields.length ? h('ul', {}, fields.map(([f, msgs]) => h('li', {}, h('code', {}, f), ' ', [].concat(msgs).join(' ')))) : null);
}

/** Current page title and the element pages render into. */
export function page(title, ...children) {
  document.title = `${title} · Marketplace`;
  return h('section', { 'aria-label': title }, h('h1', {}, title), ...children);
}
