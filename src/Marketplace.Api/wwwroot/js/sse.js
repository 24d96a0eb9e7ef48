// Server-sent events over fetch(): EventSource cannot send the Authorization header. The parser follows the
// WHATWG event-stream rules (fields data/event/id/retry, comments, CR/LF/CRLF line ends); after a drop the stream is
// opened again with Last-Event-ID, and a 204 (nothing left to send) ends it. No polling: one open request at a time.
import { auth, headers } from './api.js';

export function parseEventStream(onEvent) {
  let buffer = '';
  let data = [];
  let type = '';
  let id = null;
  let retry = null;
  let skipLf = false;
  const line = (l) => {
    if (l === '') {
      if (data.length) onEvent({ id, type: type || 'message', data: data.join('\n') });
      data = []; type = '';
      return;
    }
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
  };
  return {
    push(chunk) {
      // A CR that ended the last chunk may be the first half of a CRLF: its LF ends no second line.
      if (skipLf && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLf = chunk.endsWith('\r');
      buffer += chunk;
      const parts = buffer.split(/\r\n|\r|\n/);
      buffer = parts.pop();
      for (const p of parts) line(p);
    },
    get lastId() { return id; },
    get retry() { return retry; },
  };
}

/**
 * Opens an event stream; onEvent({id, type, data}) gets each event with data parsed as JSON and returns true to stop
 * (a terminal event). onState(state) hears 'open', 'reconnecting', 'ended' (204 or stopped), 'missing' (404), 'error'.
 */
export function openStream(path, { onEvent, onState = () => {}, lastEventId = null } = {}) {
  const control = new AbortController();
  let lastId = lastEventId;
  let stopped = false;
  let delay = 1000;

  (async () => {
    while (!stopped) {
      try {
        const h = headers({ Accept: 'text/event-stream' });
        if (lastId !== null) h.set('Last-Event-ID', lastId);
        const res = await fetch(path, { headers: h, signal: control.signal, cache: 'no-store', credentials: 'omit' });
        if (res.status === 204) { onState('ended'); return; }
        if (res.status === 404 || res.status === 405) { onState('missing'); return; }
        if (res.status === 401) { auth.unauthorized(); onState('error'); return; }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState('open');
        delay = 1000;
        const parser = parseEventStream((e) => {
          if (stopped) return;
          lastId = e.id ?? lastId;
          let value = e.data;
          try { value = JSON.parse(e.data); } catch { /* plain text data */ }
          if (onEvent({ id: e.id, type: e.type, data: value })) stop();
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        while (!stopped) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
        if (parser.retry !== null) delay = parser.retry;
      } catch (e) {
        if (stopped || e.name === 'AbortError') return;
        delay = Math.min(delay * 2, 15_000);
      }
      if (stopped) break;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
    }
    onState('ended');
  })();

  function stop() {
    stopped = true;
    control.abort();
  }
  return { close: stop, get lastId() { return lastId; } };
}
