// A YAML document with line numbers, and validation errors shown at their line.
import { h } from '../dom.js';
import { locate } from '../yamlpath.js';

export function yamlView(yaml, errors) {
  const located = locate(yaml, errors);
  const byLine = new Map();
  for (const e of located) if (e.line) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);
  const lines = yaml.split(/\r?\n/).map((text, i) => {
    const here = byLine.get(i + 1);
    return h('span', { class: `ln${here ? ' bad' : ''}`, 'data-line': i + 1 }, text || ' ',
      here ? h('span', { class: 'msg' }, here.map((e) => `${e.field}: ${e.message}`).join(' · ')) : null);
  });
  return h('div', {}, located.length ? h('ul', { class: 'error why', id: 'yaml-errors' }, located.map((e) =>
    h('li', {}, e.line ? `line ${e.line}: ` : '', h('code', {}, e.field), ' ', e.message))) : null,
  h('pre', { class: 'yaml' }, lines));
}

/** A parameters object to start from, by the declared types found in the YAML (flow or block style). */
export function parameterTemplate(yaml) {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s+parameters\s*:\s*$/.test(l));
  const out = {};
  if (start < 0) return out;
  const base = lines[start].length - lines[start].trimStart().length;
  let childAt = null; let current = null;
  for (const l of lines.slice(start + 1)) {
    if (!l.trim() || l.trim().startsWith('#')) continue;
    const ind = l.length - l.trimStart().length;
    if (ind <= base) break;
    childAt ??= ind;
    const m = /^\s*([\w-]+)\s*:\s*(.*)$/.exec(l);
    if (ind === childAt && m) { current = m[1]; out[current] = defaultFor(/type\s*:\s*(\w+)/.exec(m[2])?.[1]); }
    else if (current && /type\s*:\s*(\w+)/.test(l)) out[current] = defaultFor(/type\s*:\s*(\w+)/.exec(l)[1]);
  }
  return out;
}

function defaultFor(type) {
  return { array: [], object: {}, number: 0, integer: 0, boolean: false }[type] ?? '';
}
