// Scans and imports: today's API answers them synchronously (200 with the result); the job API answers 202 with a
// Location to read and an /events stream to follow. Both are handled here so pages need not know which server they face.
import { call, get } from './api.js';
import { openStream } from './sse.js';

/** Scans a source; onEvent hears a job's events when the server runs it as a job. Resolves to the scan's result. */
export async function scan(sourceId, onEvent = () => {}) {
  const res = await call(`/marketplace/sources/${sourceId}/scan`, { method: 'POST' });
  if (res.status !== 202) return res.body;
  const location = res.headers.get('Location') ?? `/api/v1/scans/${res.body.id}`;
  await follow(`${location}/events`, onEvent);
  const job = await get(location);
  if (job.status === 'failed') throw Object.assign(new Error(job.error ?? 'The scan failed.'), { job });
  return job.result ?? job;
}

/** Starts an import; resolves to { id, result? }: a 202 gives the job's id to follow, a 200/201 the finished result. */
export async function startImport(sourceId, body) {
  const res = await call(`/marketplace/sources/${sourceId}/import`, { method: 'POST', body });
  const location = res.headers.get('Location');
  const id = res.body?.id ?? location?.split('/').pop();
  return res.status === 202 ? { id, location } : { id, result: res.body };
}

const TERMINAL = new Set(['job_finished', 'execution_completed', 'execution_failed', 'execution_cancelled']);

/** Follows a job's event stream to its end (or to a 404/204: nothing to follow). */
export function follow(path, onEvent) {
  return new Promise((resolve) => {
    openStream(path, {
      onEvent: (e) => { onEvent(e); return TERMINAL.has(e.type); },
      onState: (s) => { if (s === 'ended' || s === 'missing' || s === 'error') resolve(s); },
    });
  });
}

/** The last results a page handed over (an import answered synchronously), so the next page need not read it again. */
export const handoff = new Map();
