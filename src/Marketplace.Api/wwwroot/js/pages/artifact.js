// One artifact: origin (marketplace, plugin, commit), members, a file tree with a preview, and the archive download.
import { get, call, download, optional } from '../api.js';
import { h, page, bytes, when, short, problem, fill } from '../dom.js';

const PREVIEW_LIMIT = 512 * 1024;

export async function render(view, [key]) {
  const enc = encodeURIComponent(key);
  const a = await get(`/artifacts/${enc}`);
  // The files endpoints (issue 14) may not be on this server: then the tree comes from the artifact and no preview.
  const listed = await optional(`/artifacts/${enc}/files`);
  const served = listed !== null;
  const files = listed?.files ?? a.files;
  const preview = h('div', { id: 'preview' }, h('p', { class: 'muted' }, served ? 'Choose a file to preview it.'
    : 'This server does not serve artifact files (GET /api/v1/artifacts/{key}/files/{path}); the list shows what is stored.'));
  const tree = h('div', { id: 'tree', 'aria-label': 'Files' }, treeOf(files, served ? (f, button) => show(f, button) : null));

  async function show(file, button) {
    for (const b of tree.querySelectorAll('button.current')) b.classList.remove('current');
    button.classList.add('current');
    const path = file.path.split('/').map(encodeURIComponent).join('/');
    fill(preview, h('p', { class: 'muted' }, `Loading ${file.path}…`));
    try {
      if (file.size > PREVIEW_LIMIT) throw new Error(`${file.path} is ${bytes(file.size)}; previews stop at ${bytes(PREVIEW_LIMIT)}.`);
      const res = (await call(`/artifacts/${enc}/files/${path}`, { accept: '*/*', raw: true })).body;
      const text = decode(new Uint8Array(await res.arrayBuffer()));
      fill(preview, h('div', { class: 'row muted' }, h('code', {}, file.path), ` ${bytes(file.size)} · sha256 ${short(file.sha256)}`),
        text === null ? h('p', { class: 'muted' }, 'Binary file: no preview.') : h('pre', { id: 'preview-text' }, text));
    } catch (e) {
      fill(preview, problem(e));
    }
  }

  const archive = h('button', { type: 'button', id: 'archive', hidden: !served }, 'Download archive (.zip)');
  archive.addEventListener('click', () => download(`/artifacts/${enc}/archive`, `${a.name}.zip`).catch((e) => fill(preview, problem(e))));
  view.append(page(a.key,
    h('div', { class: 'panel' }, h('div', { class: 'figures' },
      fig(a.type, 'type'), fig(a.version ?? '—', 'version'), fig(a.author ?? '—', 'author'), fig(a.license ?? '—', 'license'),
      fig(a.plugin ?? pluginOf(a.key) ?? '—', 'plugin'), fig(short(a.commit ?? a.contentHash), a.commit ? 'commit' : 'content hash'),
      fig(when(a.updatedAt), 'updated')),
      a.description ? h('p', {}, a.description) : null,
      a.origin ? h('p', { class: 'muted', id: 'origin' }, 'Origin ', h('code', {}, a.origin)) : null,
      a.sourceUrl && a.sourceUrl !== a.origin ? h('p', { class: 'muted' }, 'From ', h('code', {}, a.sourceUrl)) : null,
      a.tags?.length ? h('p', {}, a.tags.map((t) => h('span', { class: 'badge' }, t)), ' ') : null,
      a.members?.length ? h('p', {}, 'Members: ', a.members.map((m) => [h('a',
        { href: `#/collection/${encodeURIComponent(m.key)}` }, m.key), ' '])) : null,
      h('div', { class: 'row' }, archive)),
    h('div', { class: 'split' }, h('div', { class: 'panel' }, h('h2', {}, `Files (${files.length})`), tree), h('div',
      { class: 'panel' }, preview))));
}

function fig(value, label) { return h('div', { class: 'figure' }, h('b', {}, value), h('span', {}, label)); }

function pluginOf(key) { const parts = key.split('@')[0].split(':'); return parts.length > 2 ? parts[1] : null; }

function decode(buf) {
  if (buf.includes(0)) return null;
  try { return new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { return null; }
}

/** Files as a folder tree; each file a button that previews it (Enter and click both work: they are buttons). */
function treeOf(files, open) {
  const root = {};
  for (const f of files) {
    let node = root;
    const parts = f.path.split('/');
    parts.slice(0, -1).forEach((p) => { node = node[p] ??= {}; });
    node[parts.at(-1)] = f;
  }
  const list = (node) => h('ul', { class: 'tree' }, Object.entries(node).sort(([a, x], [b, y]) =>
    (x.path ? 1 : 0) - (y.path ? 1 : 0) || a.localeCompare(b)).map(([name, v]) => v.path
    ? h('li', { 'data-row': '' }, open ? h('button', { type: 'button', class: 'link', 'data-path': v.path,
      onclick: (ev) => open(v, ev.currentTarget) }, name) : name, h('span', { class: 'muted' }, ` ${bytes(v.size)}`))
    : h('li', {}, h('span', { class: 'folder' }, `${name}/`), list(v))));
  const el = list(root);
  el.addEventListener('row:open', (ev) => ev.target.querySelector('button')?.click());
  return el;
}
