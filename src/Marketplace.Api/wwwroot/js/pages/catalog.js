// The catalog of one source: filter by type / status / plugin, search, select all or some, import with a conflict
// strategy; each entry says why it was skipped, renamed, excluded or failed.
import { get } from '../api.js';
import { h, page, badge, short, problem, when, fill } from '../dom.js';
import { scan, startImport, handoff } from '../jobs.js';
import { scanSummary } from './sources.js';

const TYPES = ['skill', 'command', 'agent', 'hook', 'mcp_server', 'plugin'];
const STATUSES = ['new', 'updated', 'removed', 'imported', 'excluded'];
const PAGE = 500;

export async function render(view, [sourceId], ctx) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  // Pages go by cursor where the server gives one (`next`: the same cost at any depth), else by skip; `starts` keeps
  // where each earlier page began, for Previous.
  const state = { type: '', status: '', plugin: '', skip: 0, after: null, next: null, starts: [], query: '' };
  const restart = () => { state.skip = 0; state.after = null; state.starts = []; };
  const source = await get(`/marketplace/sources/${sourceId}`);
  const selected = new Set();
  const body = h('tbody', {});
  const count = h('span', { id: 'selected-count' }, '0 selected');
  const info = h('p', { class: 'muted', id: 'catalog-info' });
  const out = h('div', { id: 'import-out' });
  const all = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select all shown' });
  let entries = [];
  let total = 0;

  const select = (name, values, label) => {
    const el = h('select', { name, 'aria-label': label }, h('option', { value: '' }, `any ${label}`),
      values.map((v) => h('option', { value: v }, v.replace('_', ' '))));
    el.value = params.get(name) ?? '';
    state[name] = el.value;
    el.addEventListener('change', () => { state[name] = el.value; restart(); load(); });
    return el;
  };
  const typeSel = select('type', TYPES, 'type');
  const statusSel = select('status', STATUSES, 'status');
  const pluginSel = h('select', { name: 'plugin', 'aria-label': 'plugin' }, h('option', { value: '' }, 'any plugin'));
  pluginSel.addEventListener('change', () => { state.plugin = pluginSel.value; restart(); load(); });
  const strategy = h('select', { name: 'conflictStrategy', 'aria-label': 'conflict strategy' },
    ['skip', 'overwrite', 'rename'].map((s) => h('option', { value: s }, `on conflict: ${s}`)));
  const batch = h('input', { name: 'batchSize', type: 'number', min: 1, max: 1000, placeholder: 'batch (default)',
    style: { width: '9rem' } });
  const importButton = h('button', { type: 'button', class: 'primary', id: 'import', disabled: true }, 'Import selected');
  const prev = h('button', { type: 'button', id: 'previous' }, '← Previous');
  prev.addEventListener('click', () => {
    state.after = state.starts.pop() ?? null;
    state.skip = Math.max(0, state.skip - PAGE);
    load();
  });
  const next = h('button', { type: 'button', id: 'next' }, 'Next →');
  next.addEventListener('click', () => {
    state.starts.push(state.after);
    state.after = state.next;
    state.skip += PAGE;
    load();
  });
  const scanButton = h('button', { type: 'button' }, 'Scan again');
  const scanOut = h('div', {});

  const shown = () => entries.filter((e) => (!state.plugin || e.plugin === state.plugin) && matches(e, state.query));
  const updateCount = () => {
    count.textContent = `${selected.size} selected`;
    importButton.disabled = selected.size === 0;
    const visible = shown();
    all.checked = visible.length > 0 && visible.every((e) => selected.has(e.id));
    all.indeterminate = !all.checked && visible.some((e) => selected.has(e.id));
  };
  const draw = () => {
    const visible = shown();
    fill(body, ...visible.map((e) => entryRow(e, selected, updateCount)));
    info.textContent = `${visible.length} shown of ${entries.length} on this page; ${total} match the filters`
      + ` (entries ${state.skip + 1}–${state.skip + entries.length}).`;
    prev.disabled = state.skip === 0;
    next.disabled = state.skip + entries.length >= total;
    updateCount();
  };
  async function load() {
    const q = new URLSearchParams({ limit: PAGE });
    if (state.after) q.set('after', state.after);
    else if (state.skip) q.set('skip', state.skip);
    if (state.type) q.set('type', state.type);
    if (state.status) q.set('status', state.status);
    if (state.plugin) q.set('plugin', state.plugin);
    try {
      const page = await get(`/marketplace/sources/${sourceId}/catalog?${q}`);
      entries = page.items;
      total = page.total;
      state.next = page.next ?? null;
      const plugins = [...new Set(entries.map((e) => e.plugin).filter(Boolean))].sort();
      if (pluginSel.options.length === 1 && plugins.length) pluginSel.append(...plugins.map((p) => h('option', { value: p }, p)));
      draw();
    } catch (e) {
      fill(out, problem(e));
    }
  }

  all.addEventListener('change', () => {
    for (const e of shown()) { if (all.checked) selected.add(e.id); else selected.delete(e.id); }
    draw();
  });
  ctx.onSearch((q) => { state.query = q; draw(); });
  importButton.addEventListener('click', async () => {
    importButton.disabled = true;
    const request = { entryIds: [...selected], conflictStrategy: strategy.value };
    if (batch.value) request.batchSize = Number(batch.value);
    try {
      const started = await startImport(sourceId, request);
      if (started.result) handoff.set(started.id, started.result);
      ctx.go(`#/imports/${started.id}`);
    } catch (e) {
      fill(out, problem(e));
      importButton.disabled = false;
    }
  });
  scanButton.addEventListener('click', async () => {
    scanButton.disabled = true;
    fill(scanOut, h('p', { class: 'live on' }, 'Scanning…'));
    try {
      const r = await scan(sourceId, (e) => { scanOut.firstChild.textContent = e.type.replaceAll('_', ' '); });
      fill(scanOut, scanSummary(source, r));
      selected.clear();
      await load();
    } catch (e) {
      fill(scanOut, problem(e));
    }
    scanButton.disabled = false;
  });

  await load();
  view.append(page(source.marketplaceName ?? source.name,
    h('p', { class: 'muted' }, h('code', {}, source.repoUrl), ' · ', source.ref ?? 'HEAD', ' ',
      h('code', {}, short(source.resolvedCommit)), ' · scanned ', when(source.lastScannedAt), ' · ', badge(source.scanStatus),
      ' ', scanButton),
    scanOut,
    h('div', { class: 'toolbar' }, typeSel, statusSel, pluginSel, h('span', { class: 'grow' }), strategy, batch, count, importButton),
    out, info,
    h('div', { class: 'table-wrap' }, h('table', { id: 'catalog' },
      h('thead', {}, h('tr', {}, h('th', {}, all), ['Type', 'Name', 'Path', 'Plugin', 'Status', 'Conf.', 'Version', 'Why']
        .map((t) => h('th', { class: ['Path', 'Version', 'Conf.'].includes(t) ? 'hide-narrow' : '' }, t)))),
      body)),
    h('div', { class: 'row' }, prev, next)));
}

function matches(e, q) {
  if (!q) return true;
  return [e.name, e.displayName, e.path, e.description, e.plugin, e.artifactType, ...(e.tags ?? [])]
    .some((v) => v && String(v).toLowerCase().includes(q));
}

/** Why an entry is where it is: excluded, a scan-time problem, its last import's error, or what it collided with. */
function why(e) {
  const parts = [];
  if (e.excludedReason) parts.push(h('div', {}, 'excluded: ', e.excludedReason));
  if (e.problem) parts.push(h('div', { class: 'error' }, e.problem));
  if (e.importError) parts.push(h('div', { class: 'error' }, 'import failed: ', e.importError));
  if (e.collidedWith) parts.push(h('div', {}, 'collided with ', h('code', {}, e.collidedWith)));
  if (e.confidence < 50) parts.push(h('div', { class: 'muted' }, `low confidence (${e.confidence})`));
  if (e.status === 'imported' && e.key) parts.push(h('div', { class: 'muted' }, 'as ', h('code', {}, e.key)));
  return parts.length ? parts : h('span', { class: 'muted' }, '—');
}

function entryRow(e, selected, changed) {
  const box = h('input', { type: 'checkbox', 'aria-label': `Select ${e.name}`, checked: selected.has(e.id) });
  box.addEventListener('change', () => { if (box.checked) selected.add(e.id); else selected.delete(e.id); changed(); });
  const tr = h('tr', { 'data-row': '', 'data-id': e.id },
    h('td', {}, box), h('td', { class: 'type' }, e.artifactType.replace('_', ' ')),
    h('td', {}, h('strong', {}, e.displayName ?? e.name), e.description ? h('div', { class: 'muted why' }, e.description) : null),
    h('td', { class: 'hide-narrow' }, h('code', {}, e.path)), h('td', {}, e.plugin ?? '—'), h('td', {}, badge(e.status)),
    h('td', { class: 'num hide-narrow' }, e.confidence), h('td', { class: 'hide-narrow' }, e.detectedVersion ?? '—'),
    h('td', { class: 'why' }, why(e)));
  // Enter on a row toggles its selection.
  tr.addEventListener('row:open', () => box.click());
  return tr;
}
