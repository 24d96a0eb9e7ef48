// The collection: imported artifacts with their origin; a row opens the artifact's files.
import { get, DEFAULT_COLLECTION } from '../api.js';
import { h, page, bytes, when } from '../dom.js';

export async function render(view, _params, ctx) {
  const list = await get(`/collections/${DEFAULT_COLLECTION}/artifacts?limit=500`);
  const body = h('tbody', {}, list.items.map((a) => h('tr', { 'data-row': '', 'data-open': `#/collection/${encodeURIComponent(a.key)}` },
    h('td', {}, h('a', { href: `#/collection/${encodeURIComponent(a.key)}` }, a.key)), h('td', {}, a.type.replace('_', ' ')),
    h('td', {}, a.name, a.description ? h('div', { class: 'muted why' }, a.description) : null),
    h('td', { class: 'hide-narrow' }, a.version ?? '—'), h('td', { class: 'num' }, a.fileCount), h('td',
      { class: 'num hide-narrow' }, bytes(a.totalSize)),
    h('td', { class: 'hide-narrow' }, when(a.syncedAt)))));
  ctx.onSearch((q) => { for (const tr of body.rows) tr.hidden = !!q && !tr.textContent.toLowerCase().includes(q); });
  view.append(page('Collection',
    list.items.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'artifacts' }, h('thead', {}, h('tr', {},
      ['Key', 'Type', 'Name', 'Version', 'Files', 'Size', 'Synced'].map((t, i) => h('th', { class: i === 4 ? 'num' : '' }, t)))), body))
      : h('p', { class: 'muted' }, 'Nothing imported yet: open a source\'s catalog, select entries and import them.'),
    h('p', { class: 'muted' }, `${list.total} artifact(s).`)));
}
