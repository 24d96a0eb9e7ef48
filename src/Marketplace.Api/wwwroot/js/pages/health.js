// Health: readiness, write-gate wait and lock-hold figures, and a small chart of recent lock holds (the import
// streams' batches in this tab, and readiness re-read every 10 s while this page is open: the only timed read).
import { headers, auth } from '../api.js';
import { h, svg, page, badge, ms, bytes, fill } from '../dom.js';
import { recent } from '../recent.js';

const INTERVAL = 10_000;

export async function render(view) {
  const body = h('div', { id: 'health' });
  const chart = h('div', {});
  const read = async () => {
    const res = await fetch('/health/ready', { headers: headers(), cache: 'no-store', credentials: 'omit' });
    const report = await res.json();
    const db = report.checks?.database?.data;
    if (db) recent.readiness(db.meanLockHoldMs);
    fill(body, ...show(report));
    fill(chart, draw(recent.samples));
  };
  await read();
  const timer = setInterval(() => read().catch(() => {}), INTERVAL);
  view.append(page('Health', body, h('h2', {}, 'Recent lock holds'), chart));
  return () => clearInterval(timer);
}

function show(report) {
  const out = [h('p', {}, 'Readiness: ', badge(report.status),
    report.durationMs !== undefined ? ` (checked in ${ms(report.durationMs)})` : '')];
  if (!report.checks) {
    out.push(h('p', { class: 'muted' }, auth.key ? 'No figures.' : ['The figures (paths, sizes, lock times) are shown with a key: ',
      h('button', { type: 'button', class: 'link', onclick: () => auth.unauthorized() }, 'sign in'), '.']));
    return out;
  }
  for (const [name, check] of Object.entries(report.checks)) {
    const d = check.data ?? {};
    const known = name === 'database' ? [
      ['maxWriteGateWaitMs', 'max write-gate wait', ms], ['maxWriteQueueWaitMs', 'max write-queue wait', ms],
      ['maxLockHoldMs', 'max lock hold', ms], ['meanLockHoldMs', 'mean lock hold', ms], ['writeUnits', 'write units'],
      ['busyRetries', 'busy retries'], ['busyFailures', 'busy failures'], ['writeQueueBypasses', 'queue bypasses'],
      ['journalMode', 'journal mode'], ['busyTimeoutMs', 'busy timeout', ms], ['freeDiskBytes', 'free disk', bytes]] : [];
    const shown = new Set(known.map(([k]) => k));
    const rest = Object.entries(d).filter(([k, v]) => !shown.has(k) && (typeof v !== 'object' || v === null));
    out.push(h('div', { class: 'panel', 'data-check': name }, h('h2', {}, name, ' ', badge(check.status)),
      check.description ? h('p', { class: 'muted' }, check.description) : null,
      h('div', { class: 'figures' },
        known.filter(([k]) => k in d).map(([k, label, f]) => h('div', { class: 'figure', 'data-figure': k }, h('b', {},
          f ? f(d[k]) : d[k]), h('span', {}, label))),
        rest.map(([k, v]) => h('div', { class: 'figure' }, h('b', {}, String(v)), h('span', {}, k))))));
  }
  return out;
}

function draw({ lock, gate, mean }) {
  const W = 800; const H = 160; const pad = 24;
  const series = [[lock, '', 'batch lock hold'], [gate, 'gate', 'batch gate wait'], [mean, 'mean', 'mean lock hold (readiness)']];
  const max = Math.max(1, ...series.flatMap(([s]) => s.map((p) => p.value)));
  const line = (s, cls) => {
    if (s.length < 1) return null;
    const step = (W - 2 * pad) / Math.max(1, s.length - 1);
    const pts = s.map((p, i) => `${(pad + i * step).toFixed(1)},${(H - pad - ((H - 2 * pad) * p.value) / max).toFixed(1)}`);
    if (pts.length === 1) pts.push(pts[0].replace(/^[\d.]+/, String(W - pad)));
    return svg('polyline', { points: pts.join(' '), class: cls });
  };
  const el = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Recent lock holds in milliseconds' },
    svg('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad }), svg('line', { x1: pad, y1: pad, x2: W - pad, y2: pad }),
    svg('text', { x: 2, y: pad + 3 }, `${max.toFixed(1)} ms`), svg('text', { x: 2, y: H - pad + 3 }, '0'));
  for (const [s, cls] of series) { const l = line(s, cls); if (l) el.append(l); }
  const legend = h('p', { class: 'muted why' }, series.map(([s, , label]) => `${label}: ${s.length} sample(s)`).join(' · '),
    lock.length ? '' : ' — import batches seen in this tab add their lock holds here.');
  return h('div', { id: 'chart' }, el, legend);
}
