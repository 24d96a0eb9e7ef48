// One execution as its stage graph with live step status (its event stream), gate decisions, pause/resume/cancel.
import { get, call, optional } from '../api.js';
import { h, page, badge, when, ms, problem, fill } from '../dom.js';
import { openStream } from '../sse.js';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
const TERMINAL = new Set(['execution_completed', 'execution_failed', 'execution_cancelled']);

export async function render(view, [executionId]) {
  let x = await get(`/workflow-executions/${executionId}`);
  // The graph's edges come from the workflow, when it still has the definition this execution started with.
  const wf = x.workflowId ? await optional(`/workflows/${x.workflowId}`) : null;
  const deps = new Map(wf?.definitionHash === x.definitionHash ? wf.stages.map((s) => [s.id, s.dependsOn]) : []);
  const header = h('div', { class: 'panel', id: 'execution-header' });
  const graph = h('div', { class: 'graph', id: 'graph', 'aria-label': 'Stages' });
  const log = h('ol', { class: 'why', id: 'events', reversed: true });
  const note = h('div', {});
  const live = h('span', { class: 'live off', id: 'live' }, 'not live');
  let reading = null; let again = false;

  // Each event re-reads the execution once (coalesced): the stream says when, never a timer.
  const reread = async () => {
    if (reading) { again = true; return; }
    reading = (async () => {
      do { again = false; x = await get(`/workflow-executions/${executionId}`); draw(); } while (again);
    })().finally(() => { reading = null; });
  };
  const control = async (action, body) => {
    try {
      x = (await call(`/workflow-executions/${executionId}/${action}`, { method: 'POST', body })).body;
      draw();
    } catch (e) { fill(note, problem(e)); }
  };

  function draw() {
    fill(note, );
    const b = (label, action, enabled) => h('button', { type: 'button', disabled: !enabled, 'data-action': action,
      onclick: () => control(action) }, label);
    fill(header, h('div', { class: 'row' }, badge(x.status), live, h('span', { class: 'grow' }),
      b('Pause', 'pause', ['pending', 'running', 'waiting'].includes(x.status)), b('Resume', 'resume', x.status === 'paused'),
      b('Cancel', 'cancel', !FINISHED.has(x.status))),
    h('div', { class: 'figures' }, fig(x.workflowName, 'workflow'), fig(x.trigger, 'trigger'), fig(when(x.startedAt), 'started'),
      fig(when(x.finishedAt), 'finished')),
    x.error ? h('p', { class: 'error' }, x.error) : null,
    h('details', {}, h('summary', {}, 'Parameters'), h('pre', {}, JSON.stringify(x.parameters, null, 2))));
    const steps = new Map(x.steps.map((s) => [s.stageId, s]));
    fill(graph, ...x.levels.map((level, i) => h('div', { class: 'level' }, h('div', { class: 'muted why' }, `level ${i}`),
      level.map((id) => stage(steps.get(id) ?? { stageId: id, name: id, status: 'pending' }, deps.get(id), control)))));
  }

  draw();
  const stream = FINISHED.has(x.status) ? null : openStream(`/api/v1/workflow-executions/${executionId}/events`, {
    onEvent: (e) => {
      const d = e.data ?? {};
      log.prepend(h('li', {}, h('code', {}, e.type), d.stageId ? ` ${d.stageId}` : '', ` · ${when(d.at)}`));
      reread();
      return TERMINAL.has(e.type);
    },
    onState: (s) => {
      live.className = `live ${s === 'open' ? 'on' : 'off'}`;
      live.textContent = s === 'open' ? 'live' : s;
      if (s === 'ended') reread();
    },
  });

  view.append(page('Execution', header, note, h('h2', {}, 'Stages'), graph, h('h2', {}, 'Events (newest first)'), log));
  return () => stream?.close();
}

function fig(value, label) { return h('div', { class: 'figure' }, h('b', {}, value ?? '—'), h('span', {}, label)); }

function stage(s, after, control) {
  const took = s.startedAt && s.finishedAt ? ms(new Date(s.finishedAt) - new Date(s.startedAt)) : null;
  const comment = h('input', { placeholder: 'comment (optional)', 'aria-label': `Comment on ${s.stageId}` });
  const decide = (verb) => control(`gates/${encodeURIComponent(s.stageId)}/${verb}`, { comment: comment.value || null });
  return h('div', { class: `stage st-${s.status}`, 'data-stage': s.stageId, 'data-status': s.status },
    h('strong', {}, s.name), h('div', { class: 'meta' }, `${s.stageId} · ${s.type ?? ''}`),
    after?.length ? h('div', { class: 'meta' }, `after ${after.join(', ')}`) : null,
    h('div', {}, badge(s.status), s.attempt > 1 ? h('span', { class: 'meta' }, ` attempt ${s.attempt}`) : null,
      took ? h('span', { class: 'meta' }, ` · ${took}`) : null),
    s.error ? h('div', { class: 'error why' }, s.error) : null,
    s.outputs && Object.keys(s.outputs).length ? h('details', {}, h('summary', { class: 'meta' }, 'outputs'),
      h('pre', {}, JSON.stringify(s.outputs, null, 2))) : null,
    s.status === 'waiting_for_approval' ? h('div', { class: 'row' }, comment,
      h('button', { type: 'button', class: 'primary', 'data-gate': 'approve', onclick: () => decide('approve') }, 'Approve'),
      h('button', { type: 'button', 'data-gate': 'reject', onclick: () => decide('reject') }, 'Reject')) : null);
}
