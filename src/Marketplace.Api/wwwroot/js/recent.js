// Figures seen in this tab (readiness reads and import batches), for the health chart; kept in memory only.
const MAX = 120;
const samples = { lock: [], gate: [], mean: [] };

function push(list, value) {
  if (typeof value !== 'number' || Number.isNaN(value)) return;
  list.push({ at: Date.now(), value });
  if (list.length > MAX) list.shift();
}

export const recent = {
  lockHold(lockMs, gateMs) { push(samples.lock, lockMs); push(samples.gate, gateMs); },
  readiness(meanLockMs) { push(samples.mean, meanLockMs); },
  get samples() { return samples; },
};
