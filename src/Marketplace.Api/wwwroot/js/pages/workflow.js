// One workflow: its YAML and stage plan, edit with errors at their line, start with parameters, its executions.
import { get, call } from '../api.js';
import { h, page, badge, problem, fill } from '../dom.js';
import { yamlView, parameterTemplate } from './yamlview.js';
import { executionTable } from './workflows.js';

export async function render(view, [workflowId], ctx) {
  const [w, executions] = await Promise.all([get(`/workflows/${workflowId}`),
    get(`/workflow-executions?workflowId=${workflowId}&limit=20`)]);
  const params = h('textarea', { id: 'parameters', spellcheck: false, 'aria-label': 'Parameters (JSON)', style: { minHeight: '6rem' } });
  params.value = JSON.stringify(parameterTemplate(w.yaml), null, 2);
  const startOut = h('div', {});
  const start = h('form', { class: 'panel', id: 'start' }, h('h2', {}, 'Start an execution'),
    h('label', {}, 'Parameters (JSON)', params), h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' },
      'Start')), startOut);
  start.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let parameters;
    try { parameters = JSON.parse(params.value || '{}'); } catch (e) {
      fill(startOut, h('p', { class: 'error' }, `The parameters are not JSON: ${e.message}`));
      return;
    }
    try {
      const x = (await call('/workflow-executions', { method: 'POST', body: { workflowId, parameters } })).body;
      ctx.go(`#/executions/${x.id}`);
    } catch (e) { fill(startOut, problem(e)); }
  });

  const editor = h('textarea', { id: 'edit-yaml', spellcheck: false, 'aria-label': 'Workflow YAML' });
  editor.value = w.yaml;
  const editOut = h('div', {});
  const edit = h('form', { class: 'panel' }, h('details', {}, h('summary', {}, 'Edit the definition'), editor,
    h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Save')), editOut));
  edit.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await call(`/workflows/${workflowId}`, { method: 'PUT', body: { yaml: editor.value } });
      ctx.refresh();
    } catch (e) {
      fill(editOut, e.status === 400 && e.problem?.errors ? yamlView(editor.value, e.problem.errors) : problem(e));
    }
  });

  view.append(page(`${w.name} ${w.version}`, h('p', {}, badge(w.status), ' ', h('span', { class: 'muted' },
    `hash ${w.definitionHash.slice(0, 12)}`)),
    plan(w.levels, new Map(w.stages.map((s) => [s.id, s]))), start,
    h('h2', {}, 'Executions'), executionTable(executions.items), h('h2', {}, 'Definition'), yamlView(w.yaml, {}), edit));
}

function plan(levels, stages) {
  return h('div', { class: 'graph', 'aria-label': 'Stage plan' }, levels.map((level, i) => h('div', { class: 'level' },
    h('div', { class: 'muted why' }, `level ${i}`), level.map((id) => {
      const s = stages.get(id);
      return h('div', { class: 'stage' }, h('strong', {}, s?.name ?? id), h('div', { class: 'meta' }, `${id} · ${s?.type ?? ''}`),
        s?.dependsOn?.length ? h('div', { class: 'meta' }, `after ${s.dependsOn.join(', ')}`) : null);
    }))));
}
