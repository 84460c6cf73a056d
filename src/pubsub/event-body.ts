import { SocketStreamError } from '../errors/socketstream-error';

/**
 * Encodes an event once per publish as the inside of a frame object (`"e":"name","d":{…}`), so
 * every node and every recipient reuses the same string. `exceptSocket` puts the connection to
 * skip in front (`"x":"<socketId>",`); the fan-out strips it before writing.
 */
export function encodeEventBody(event: string, data: unknown, exceptSocket?: string): string {
  if (typeof event !== 'string' || event.length === 0) {
    throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `publish: the event name must be a non-empty string, got ${JSON.stringify(event)}`);
  }
  let d: string | undefined;
  try {
    d = data === undefined ? undefined : JSON.stringify(data);
  } catch (err) {
    throw new SocketStreamError('SS_ERR_INVALID_ARGUMENT', `publish("${event}"): the data cannot be encoded as JSON: ${(err as Error).message}`, { cause: err });
  }
  const body = d === undefined ? `"e":${JSON.stringify(event)}` : `"e":${JSON.stringify(event)},"d":${d}`;
  return exceptSocket === undefined ? body : `"x":${JSON.stringify(exceptSocket)},${body}`;
}

/** Splits a body made by `encodeEventBody` into the socket to skip (if any) and the part clients see. */
export function splitExcept(body: string): { except: string | undefined; body: string } {
  if (!body.startsWith('"x":"')) return { except: undefined, body };
  const end = body.indexOf('"', 5);
  return { except: body.slice(5, end), body: body.slice(end + 2) };
}
