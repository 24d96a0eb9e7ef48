// Sources: register by git URL or local path, scan, and see each source's commit, scan time, counts, warnings, errors.
import { get, call } from '../api.js';
import { h, page, badge, when, short, problem, fill } from '../dom.js';
import { scan } from '../jobs.js';

// A scan's summary, shown by the next render of the list (the list re-reads the source's new counts).
let lastScan = null;

export async function render(view, _params, ctx) {
  const list = await get('/marketplace/sources?limit=500');
  const result = h('div', { id: 'scan-result' }, lastScan ? scanSummary(...lastScan) : null);
  lastScan = null;
  const tbody = h('tbody', {}, list.items.map((s) => row(s, result, ctx)));
  const table = h('div', { class: 'table-wrap' }, h('table', { id: 'sources' },
    h('thead', {}, h('tr', {}, ['Source', 'Repository', 'Ref / commit', 'Scan', 'Last scanned', 'Entries', 'Imported', 'Warnings', '']
      .map((t, i) => h('th', { class: i === 5 || i === 6 ? 'num' : i === 1 || i === 2 ? 'hide-narrow' : '' }, t)))),
    tbody));
  ctx.onSearch((q) => { for (const tr of tbody.rows) tr.hidden = !!q && !tr.textContent.toLowerCase().includes(q); });
  view.append(page('Sources', registerForm(ctx), result,
    list.items.length ? table : h('p', { class: 'muted' }, 'No sources yet: register one above.'),
    h('p', { class: 'muted' }, `${list.total} source(s).`)));
}

function row(s, result, ctx) {
  const warnings = s.scanWarnings ?? [];
  const scanButton = h('button', { type: 'button', onclick: () => runScan(s, scanButton, result, ctx) }, 'Scan');
  return h('tr', { 'data-row': '', 'data-open': `#/sources/${s.id}`, 'data-id': s.id },
    h('td', {}, h('a', { href: `#/sources/${s.id}` }, s.marketplaceName ?? s.name),
      s.description ? h('div', { class: 'muted why' }, s.description) : null,
      s.owner ? h('div', { class: 'muted why' }, `by ${typeof s.owner === 'string' ? s.owner : s.owner.name ?? ''}`) : null),
    h('td', { class: 'hide-narrow' }, h('code', {}, s.repoUrl), s.localPath ? h('div', { class: 'muted why' }, s.localPath) : null),
    h('td', { class: 'hide-narrow' }, s.ref ?? 'HEAD', ' ', h('code', {}, short(s.resolvedCommit))),
    h('td', {}, badge(s.scanStatus), s.scanError ? h('div', { class: 'error why' }, s.scanError) : null),
    h('td', {}, when(s.lastScannedAt)),
    h('td', { class: 'num' }, s.entryCount),
    h('td', { class: 'num' }, s.importedCount),
    h('td', {}, warnings.length ? h('details', {}, h('summary', {}, `${warnings.length}`),
      h('ul', { class: 'why' }, warnings.map((w) => h('li', {}, h('code', {}, w.path), ' ', w.message)))) : '0'),
    h('td', {}, scanButton));
}

async function runScan(source, button, result, ctx) {
  button.disabled = true;
  button.textContent = 'Scanning…';
  const status = h('p', { class: 'live on' }, `Scanning ${source.name}…`);
  fill(result, h('div', { class: 'panel' }, status));
  try {
    const r = await scan(source.id, (e) => { status.textContent = `${source.name}: ${e.type.replaceAll('_', ' ')}`; });
    lastScan = [source, r];
    ctx.refresh();
  } catch (e) {
    fill(result, problem(e));
    button.disabled = false;
    button.textContent = 'Scan';
  }
}

export function scanSummary(source, r) {
  const warnings = r.warnings ?? [];
  return h('div', { class: 'panel', role: 'status', id: 'scan-summary' },
    h('strong', {}, `Scanned ${source.name}: `),
    `${r.total} entries (${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.removed} removed)`,
    r.commit ? [' at ', h('code', {}, short(r.commit))] : null, ' · ', h('a', { href: `#/sources/${source.id}` }, 'Open the catalog'),
    warnings.length ? h('details', { open: true }, h('summary', {}, `${warnings.length} warning(s)`),
      h('ul', { class: 'why' }, warnings.map((w) => h('li', {}, h('code', {}, w.path), ' ', w.message)))) : null);
}

function registerForm(ctx) {
  const out = h('div', {});
  const form = h('form', { class: 'panel', id: 'register', 'aria-label': 'Register a source' },
    h('div', { class: 'grid' },
      h('label', {}, 'Git URL', h('input', { name: 'repoUrl', required: true, placeholder: 'https://github.com/acme/agent-tools' })),
      h('label', {}, 'Local path (optional, under Sources:AllowedRoots)', h('input', { name: 'localPath',
        placeholder: '/srv/marketplaces/acme' })),
      h('label', {}, 'Name (optional)', h('input', { name: 'name' })),
      h('label', {}, 'Ref (branch, tag or commit)', h('input', { name: 'ref', placeholder: 'the remote HEAD' })),
      h('label', {}, 'Trust', h('select', { name: 'trustLevel' }, ['', 'untrusted', 'community', 'verified', 'official']
        .map((t) => h('option', { value: t }, t || 'default'))))),
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Register')), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    try {
      await call('/marketplace/sources', { method: 'POST', body: data });
      ctx.refresh();
    } catch (e) {
      fill(out, problem(e));
    }
  });
  return form;
}
