// The history of imports, when the server lists them (GET /api/v1/imports); a server without the list says so.
import { get, call } from '../api.js';
import { h, page, badge, when, fill } from '../dom.js';

export async function render(view, _params, ctx) {
  const sources = (await get('/marketplace/sources?limit=500')).items;
  const names = new Map(sources.map((s) => [s.id, s.marketplaceName ?? s.name]));
  const q = new URLSearchParams({ limit: 100 });
  const filter = new URLSearchParams(location.search);
  let list;
  try {
    list = (await call(`/imports?${q}`)).body;
  } catch (e) {
    if (e.status !== 404 && e.status !== 405) throw e;
    view.append(page('Imports', h('p', { class: 'muted', id: 'no-history' },
      'This server keeps no list of imports (GET /api/v1/imports is not there). Start an import from a source\'s catalog; '
      + 'its page shows the batches and the outcome of every entry.')));
    return;
  }
  const status = h('select', { 'aria-label': 'status' }, ['', 'pending', 'running', 'completed', 'partial', 'failed', 'cancelled',
    'interrupted']
    .map((s) => h('option', { value: s }, s || 'any status')));
  const source = h('select', { 'aria-label': 'source' }, h('option', { value: '' }, 'any source'),
    sources.map((s) => h('option', { value: s.id }, names.get(s.id))));
  source.value = filter.get('sourceId') ?? '';
  const body = h('tbody', {});
  const draw = (items) => fill(body, ...items.map((i) => h('tr', { 'data-row': '', 'data-open': `#/imports/${i.id}` },
    h('td', {}, h('a', { href: `#/imports/${i.id}` }, when(i.createdAt ?? i.startedAt))), h('td', {}, names.get(i.sourceId) ?? i.sourceId),
    h('td', {}, badge(i.status)), h('td', { class: 'num' }, `${i.done}/${i.total}`), h('td', { class: 'num' }, i.imported),
    h('td', { class: 'num' }, i.skipped), h('td', { class: 'num' }, i.failed), h('td', {}, i.conflictStrategy),
    h('td', { class: 'why' }, i.error ?? ''))));
  const reload = async () => {
    const p = new URLSearchParams({ limit: 100 });
    if (status.value) p.set('status', status.value);
    if (source.value) p.set('sourceId', source.value);
    draw((await get(`/imports?${p}`)).items);
  };
  status.addEventListener('change', reload);
  source.addEventListener('change', reload);
  ctx.onSearch((text) => { for (const tr of body.rows) tr.hidden = !!text && !tr.textContent.toLowerCase().includes(text); });
  draw(list.items);
  view.append(page('Imports', h('div', { class: 'toolbar' }, status, source),
    h('div', { class: 'table-wrap' }, h('table', { id: 'imports' }, h('thead', {}, h('tr', {},
      ['Started', 'Source', 'Status', 'Done', 'Imported', 'Skipped', 'Failed', 'Strategy', 'Error'].map((t) => h('th', {}, t)))), body))));
}
