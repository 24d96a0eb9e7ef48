// Workflow definitions: the list, and a new one from YAML with its validation errors shown at their line.
import { get, call } from '../api.js';
import { h, page, badge, when, problem, fill } from '../dom.js';
import { yamlView } from './yamlview.js';

const SAMPLE = `workflow: { id: review-gate, name: Review gate, version: 1.0.0 }
config:
  parameters:
    note: { type: string, required: true }
stages:
  - id: review
    name: Approve
    type: gate
    gate: { kind: manual_approval, timeout: 24h, on_timeout: reject }
  - id: settle
    name: Settle
    type: delay
    depends_on: [review]
    inputs: { duration: 100ms }
`;

export async function render(view, _params, ctx) {
  const [list, executions] = await Promise.all([get('/workflows?limit=500'), get('/workflow-executions?limit=20')]);
  const body = h('tbody', {}, list.items.map((w) => h('tr', { 'data-row': '', 'data-open': `#/workflows/${w.id}` },
    h('td', {}, h('a', { href: `#/workflows/${w.id}` }, w.name)), h('td', {}, w.version), h('td', {}, badge(w.status)),
    h('td', {}, w.stages.length), h('td', { class: 'hide-narrow' }, when(w.updatedAt)))));
  ctx.onSearch((q) => { for (const tr of body.rows) tr.hidden = !!q && !tr.textContent.toLowerCase().includes(q); });
  const yaml = h('textarea', { name: 'yaml', id: 'workflow-yaml', spellcheck: false, 'aria-label': 'Workflow YAML' });
  const out = h('div', { id: 'workflow-errors' });
  const form = h('form', { class: 'panel', id: 'new-workflow' }, h('h2', {}, 'New workflow'), yaml,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, 'Create'),
      h('button', { type: 'button', onclick: () => { yaml.value = SAMPLE; } }, 'Fill in a gated example')), out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const created = (await call('/workflows', { method: 'POST', body: { yaml: yaml.value } })).body;
      ctx.go(`#/workflows/${created.id}`);
    } catch (e) {
      fill(out, e.status === 400 && e.problem?.errors ? yamlView(yaml.value, e.problem.errors) : problem(e));
    }
  });
  view.append(page('Workflows',
    list.items.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'workflows' }, h('thead', {}, h('tr', {},
      ['Name', 'Version', 'Status', 'Stages', 'Updated'].map((t) => h('th', {}, t)))), body)) : h('p', { class: 'muted' },
        'No workflows yet.'),
    h('h2', {}, 'Recent executions'), executionTable(executions.items), form));
}

export function executionTable(items) {
  if (!items.length) return h('p', { class: 'muted' }, 'No executions.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'executions' }, h('thead', {}, h('tr', {},
    ['Started', 'Workflow', 'Status', 'Trigger', 'Error'].map((t) => h('th', {}, t)))),
  h('tbody', {}, items.map((x) => h('tr', { 'data-row': '', 'data-open': `#/executions/${x.id}` },
    h('td', {}, h('a', { href: `#/executions/${x.id}` }, when(x.createdAt))), h('td', {}, x.workflowName),
    h('td', {}, badge(x.status)), h('td', {}, x.trigger), h('td', { class: 'why error' }, x.error ?? ''))))));
}
