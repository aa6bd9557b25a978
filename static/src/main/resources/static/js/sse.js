import { api } from './api.js';

/**
 * Reads a text/event-stream with fetch (EventSource cannot send the Authorization header) and
 * calls onEvent({event, data, id}) per event. Resolves when the server ends the stream; rejects
 * on a failure (a 401 has already ended the session in api()).
 */
export async function readEvents(path, { signal, onOpen, onEvent }) {
  const response = await api(path, { raw: true, signal, headers: { Accept: 'text/event-stream' } });
  if (onOpen) onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { event: 'message', data: [], id: null };
  const line = (text) => {
    if (text === '') {
      if (event.data.length) onEvent({ event: event.event, data: event.data.join('\n'), id: event.id });
      event = { event: 'message', data: [], id: null };
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') event.event = value;
    else if (name === 'data') event.data.push(value);
    else if (name === 'id') event.id = value;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let index;
      while ((index = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const length = buffer[index] === '\r' && buffer[index + 1] === '\n' ? 2 : 1;
        line(buffer.slice(0, index));
        buffer = buffer.slice(index + length);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
