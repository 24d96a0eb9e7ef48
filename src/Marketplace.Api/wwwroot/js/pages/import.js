// One import: live batches from the job's event stream (a bar per batch: duration, lock hold, attempts), failures with
// reasons, cancel. A server that answers imports synchronously shows the finished result the same way.
import { get, call } from '../api.js';
import { h, page, badge, ms, when, problem, fill } from '../dom.js';
import { handoff } from '../jobs.js';
import { openStream } from '../sse.js';
import { recent } from '../recent.js';

const LIVE = new Set(['pending', 'queued', 'running', 'created', 'interrupted']);

export async function render(view, [importId]) {
  let result = handoff.get(importId) ?? await get(`/imports/${importId}`);
  handoff.delete(importId);
  const names = await entryNames(result.sourceId);
  const header = h('div', { class: 'panel', id: 'import-header' });
  const bars = h('div', { class: 'bars', id: 'batches' });
  const failures = h('div', { id: 'failures' });
  const outcomes = h('div', { id: 'outcomes' });
  const live = h('span', { class: 'live off', id: 'live' }, 'not live');
  const note = h('div', {});
  const batches = new Map();
  let stream = null;

  const cancel = h('button', { type: 'button', id: 'cancel' }, 'Cancel import');
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      await call(`/imports/${importId}/cancel`, { method: 'POST' });
    } catch (e) {
      fill(note, e.status === 404 || e.status === 405
        ? h('p', { class: 'muted' }, 'This server cannot cancel imports (no POST /api/v1/imports/{id}/cancel).') : problem(e));
      cancel.disabled = false;
    }
  });

  // An interrupted import (its process stopped) imports what has no outcome yet when resumed.
  const resume = h('button', { type: 'button', id: 'resume' }, 'Resume import');
  resume.addEventListener('click', async () => {
    resume.disabled = true;
    try {
      const res = await call(`/imports/${importId}/resume`, { method: 'POST' });
      if (res.status !== 202) { result = res.body; for (const b of result.batches ?? []) batches.set(b.index, b); }
      drawHeader(); drawBars(); drawOutcomes();
    } catch (e) { fill(note, problem(e)); }
    resume.disabled = false;
  });

  const drawHeader = () => {
    const pct = result.total ? Math.round((100 * result.done) / result.total) : 0;
    cancel.hidden = !LIVE.has(result.status);
    resume.hidden = result.status !== 'interrupted';
    fill(header,
      h('div', { class: 'row' }, badge(result.status), live, h('span', { class: 'grow' }), resume, cancel),
      h('div', { class: 'progress', role: 'progressbar', 'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 },
        h('div', { style: { width: `${pct}%` } })),
      h('div', { class: 'figures' },
        fig(`${result.done} / ${result.total}`, 'done'), fig(result.imported, 'imported'), fig(result.skipped, 'skipped'),
        fig(result.failed, 'failed'), fig(result.conflictStrategy, 'on conflict'), fig(result.batchSize, 'batch size'),
        fig(when(result.startedAt), 'started'), fig(when(result.finishedAt), 'finished')),
      result.error ? h('p', { class: 'error' }, result.error) : null,
      h('p', { class: 'muted' }, 'Source: ', h('a', { href: `#/sources/${result.sourceId}` }, 'catalog')));
  };
  const drawBars = () => {
    const list = [...batches.values()].sort((a, b) => a.index - b.index);
    const max = Math.max(1, ...list.map((b) => b.durationMs ?? 0));
    fill(bars, ...(list.length ? list.map((b) => bar(b, max)) : [h('p', { class: 'muted' }, 'No batch committed yet.')]));
  };
  const drawOutcomes = () => {
    const entries = result.entries ?? [];
    const bad = entries.filter((e) => e.outcome !== 'imported' || renamed(e, names));
    fill(failures, bad.length
      ? h('ul', { class: 'why' }, bad.map((e) => h('li', {}, badge(renamed(e, names) ? 'renamed' : e.outcome), ' ',
        h('strong', {}, names.get(e.entryId) ?? e.entryId), e.artifactKey ? [' → ', h('code', {}, e.artifactKey)] : null,
        e.error ? h('span', { class: e.outcome === 'failed' ? 'error' : '' }, ` — ${e.error}`) : null)))
      : h('p', { class: 'muted' }, 'Nothing skipped, renamed or failed.'));
    fill(outcomes, entries.length ? h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Entry', 'Outcome', 'Artifact', 'Batch', 'Reason'].map((t) => h('th', {}, t)))),
      h('tbody', {}, entries.map((e) => h('tr', { 'data-row': '',
        'data-open': e.artifactKey ? `#/collection/${encodeURIComponent(e.artifactKey)}` : undefined },
        h('td', {}, names.get(e.entryId) ?? e.entryId), h('td', {}, badge(renamed(e, names) ? 'renamed' : e.outcome)),
        h('td', {}, e.artifactKey ? h('a', { href: `#/collection/${encodeURIComponent(e.artifactKey)}` }, e.artifactKey) : '—'),
        h('td', { class: 'num' }, e.batchIndex), h('td', { class: 'why' }, e.error ?? '')))))) : null);
  };
  const reread = async () => {
    result = await get(`/imports/${importId}`);
    for (const b of result.batches ?? []) batches.set(b.index, b);
    drawHeader(); drawBars(); drawOutcomes();
  };

  for (const b of result.batches ?? []) batches.set(b.index, b);
  drawHeader(); drawBars(); drawOutcomes();

  if (LIVE.has(result.status)) {
    stream = openStream(`/api/v1/imports/${importId}/events`, {
      onEvent: (e) => {
        // A job event is { id, type, data: { figures }, at }.
        const d = e.data?.data ?? {};
        if (e.type === 'batch_committed') {
          // The stream starts from the job's first event: batches the first read already counted are not counted twice.
          const known = batches.has(d.index);
          batches.set(d.index, d);
          if (!known) {
            recent.lockHold(d.lockHoldMs, d.gateWaitMs);
            result.done += d.size ?? 0;
            result.imported += d.imported ?? 0;
            result.skipped += d.skipped ?? 0;
            result.failed += d.failed ?? 0;
          }
          drawHeader(); drawBars();
        } else if (e.type === 'entries_failed') {
          failures.prepend(h('p', { class: 'error' }, `batch ${d.batchIndex}: ${d.count} failed — `,
            (d.entries ?? []).map((f) => `${names.get(f.entryId) ?? f.entryId}: ${f.error}`).join('; ')));
        } else if (e.type === 'job_run_failed') {
          fill(note, h('p', { class: 'error' }, `run ${d.run} failed: ${d.error}; retried at ${when(d.retryAt)}`));
        } else if (e.type === 'job_finished') {
          reread();
          return true;
        }
        return false;
      },
      onState: (s) => {
        live.className = `live ${s === 'open' ? 'on' : 'off'}`;
        live.textContent = s === 'open' ? 'live' : s === 'missing' ? 'no event stream on this server' : s;
        if (s === 'ended') reread();
      },
    });
  }

  view.append(page('Import', header, note, h('h2', {}, 'Batches'),
    h('p', { class: 'muted why' },
      'Each bar is one batch (one transaction): its length is the batch\'s duration, the dark part the time it held the write lock.'),
    bars, h('h2', {}, 'Skipped, renamed and failed'), failures, h('h2', {}, 'Entries'), outcomes));
  return () => stream?.close();
}

function fig(value, label) { return h('div', { class: 'figure' }, h('b', {}, value ?? '—'), h('span', {}, label)); }

function bar(b, max) {
  const status = b.status === 'isolated' ? 'partial' : (b.failed > 0 && !b.imported ? 'failed' : '');
  return h('div', { class: `bar ${status}`, 'data-batch': b.index },
    h('span', {}, `#${b.index} · ${b.size}`),
    h('div', { class: 'track', title: `duration ${ms(b.durationMs)}, lock hold ${ms(b.lockHoldMs)}` },
      h('div', { class: 'dur', style: { width: `${(100 * (b.durationMs ?? 0)) / max}%` } }),
      h('div', { class: 'lock', style: { width: `${(100 * (b.lockHoldMs ?? 0)) / max}%` } })),
    h('span', { class: 'figs muted' }, `${ms(b.durationMs)} · lock ${ms(b.lockHoldMs)} · ${b.attempts} attempt(s)`
      + (b.status === 'isolated' ? ' · retried one by one' : '')));
}

/** Entry names of the source (one read of its catalog), so outcomes say which entry they are about. */
async function entryNames(sourceId) {
  const names = new Map();
  try {
    const page = await get(`/marketplace/sources/${sourceId}/catalog?limit=500`);
    for (const e of page.items) names.set(e.id, e.displayName ?? e.name);
  } catch { /* names are a convenience; ids still show */ }
  return names;
}

function renamed(e, names) {
  if (e.outcome !== 'imported' || !e.artifactKey) return false;
  const name = names.get(e.entryId);
  const keyName = e.artifactKey.split('@')[0].split(':').pop();
  return !!name && keyName !== name && /-\d+$/.test(keyName);
}
