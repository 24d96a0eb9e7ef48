// Where a validation error's field path (stages[1].depends_on[0], workflow.id) is in the YAML text, by indentation.
// Block style is followed to the exact line; a flow value ({ … } or [ … ]) answers the line of its key.

const KEY = /^(\s*)(-\s+)?([^\s#'"{[\-][^:#]*?|"[^"]*"|'[^']*')\s*:(\s|$)/;

const indent = (l) => l.length - l.trimStart().length;
const blank = (l) => !l.trim() || l.trim().startsWith('#');
function keyOf(l) {
  const m = KEY.exec(l);
  return m ? { key: m[3].replace(/^["']|["']$/g, ''), at: m[1].length + (m[2]?.length ?? 0) } : null;
}
const isItem = (l) => /^\s*-(\s|$)/.test(l);

export function segments(path) {
  const out = [];
  for (const part of String(path).split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) { out.push(part); continue; }
    if (m[1]) out.push(m[1]);
    for (const i of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

/** The 1-based line of the field path in the YAML, or null when the path names nothing in it. */
export function lineOf(yaml, path) {
  const lines = yaml.split(/\r?\n/);
  const parse = /line (\d+)/i.exec(path);
  if (parse) return Number(parse[1]);
  let from = 0; let to = lines.length; let line = null; let inItem = false;
  for (const seg of segments(path)) {
    if (typeof seg === 'number') {
      const items = [];
      let at = null;
      for (let i = from; i < to; i++) {
        if (blank(lines[i]) || !isItem(lines[i])) continue;
        at ??= indent(lines[i]);
        if (indent(lines[i]) === at) items.push(i);
      }
      if (seg >= items.length) return line;
      from = items[seg];
      to = items[seg + 1] ?? to;
      line = from + 1;
      inItem = true;
      continue;
    }
    let found = null;
    let childAt = null;
    for (let i = inItem ? from : from; i < to; i++) {
      if (blank(lines[i])) continue;
      const k = keyOf(lines[i]);
      if (!k) continue;
      childAt ??= k.at;
      if (k.at === childAt && k.key === seg) { found = { i, at: k.at }; break; }
    }
    if (!found) return line;
    line = found.i + 1;
    let end = to;
    for (let j = found.i + 1; j < to; j++) {
      if (blank(lines[j])) continue;
      const ind = indent(lines[j]);
      if (ind < found.at || (ind === found.at && !isItem(lines[j]))) { end = j; break; }
    }
    from = found.i + 1; to = end; inItem = false;
  }
  return line;
}

/** Each error as { line, field, message }, sorted by line (errors with no line last). */
export function locate(yaml, errors) {
  const out = [];
  for (const [field, messages] of Object.entries(errors ?? {})) {
    for (const message of [].concat(messages)) {
      out.push({ field, message, line: lineOf(yaml, field === 'yaml' ? message : field) });
    }
  }
  return out.sort((a, b) => (a.line ?? 1e9) - (b.line ?? 1e9));
}
