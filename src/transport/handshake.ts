import { hash } from 'node:crypto';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import { SocketStreamError } from '../errors/socketstream-error';

/** RFC 6455 §1.3: appended to the client's key before hashing it into Sec-WebSocket-Accept. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** A base64-encoded 16-byte nonce. */
const KEY = /^[+/0-9A-Za-z]{22}==$/;
/** RFC 7230 token: what a subprotocol name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Optional whitespace around list items (RFC 7230 OWS): spaces and tabs only. */
const OWS = /^[ \t]+|[ \t]+$/g;
/** What a Latin-1 write sends byte for byte. */
// eslint-disable-next-line no-control-regex -- every byte below 0x80 is sent unchanged
const ASCII = /^[\x00-\x7f]*$/;

/** Why an upgrade is refused: an HTTP status, a plain-text reason for the body, extra headers. */
export interface HandshakeRefusal {
  readonly status: number;
  /** The response body. Default: none. */
  readonly reason?: string;
  /** Extra response header lines, each ending in CRLF. Default: none. */
  readonly headers?: string;
}

/** What the 101 response needs from a valid handshake request. */
export interface HandshakeRequest {
  readonly key: string;
  /** The first subprotocol the client offered, echoed back as ws does without `handleProtocols`. */
  readonly protocol: string | undefined;
}

const refusal = (status: number, reason: string, headers = ''): HandshakeRefusal => ({ status, reason, headers });

/**
 * Checks an upgrade request as RFC 6455 §4.2.1 asks (and as ws checks it): GET, `Upgrade:
 * websocket`, a well-formed key, version 13 (or 8), well-formed subprotocols. Extensions are
 * ignored: permessage-deflate is off.
 */
export function readHandshake(req: IncomingMessage): HandshakeRequest | HandshakeRefusal {
  if (req.method !== 'GET') return refusal(405, 'Invalid HTTP method');
  const h = req.headers;
  if (h.upgrade === undefined || h.upgrade.toLowerCase() !== 'websocket') return refusal(400, 'Invalid Upgrade header');
  const key = h['sec-websocket-key'];
  if (key === undefined || !KEY.test(key)) return refusal(400, 'Missing or invalid Sec-WebSocket-Key header');
  const version = h['sec-websocket-version'];
  if (version !== '13' && version !== '8') return refusal(400, 'Missing or invalid Sec-WebSocket-Version header', 'Sec-WebSocket-Version: 13, 8\r\n');
  const offered = h['sec-websocket-protocol'];
  if (offered === undefined) return { key, protocol: undefined };
  const protocols = offered.split(',').map((p) => p.replace(OWS, ''));
  if (!protocols.every((p) => TOKEN.test(p)) || new Set(protocols).size !== protocols.length) return refusal(400, 'Invalid Sec-WebSocket-Protocol header');
  return { key, protocol: protocols[0] };
}

/** The response to a refused upgrade (the socket is closed after it). `reason` is ASCII, so its length is its byte count. */
export function refusalResponse({ status, reason = '', headers = '' }: HandshakeRefusal): string {
  const type = reason ? 'Content-Type: text/plain\r\n' : '';
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n${headers}${type}Content-Length: ${reason.length}\r\n\r\n${reason}`;
}

/**
 * The 101 response, with `headers` (each line ending in CRLF) and the server's first text frame
 * right after it, as one Latin-1 string: a single write sends both (usually in one TCP segment).
 * Both must be ASCII, which a Latin-1 write sends unchanged: anything else is refused rather
 * than truncated to its low byte (a U+010A would become a raw line feed in the headers).
 *
 * @throws SocketStreamError `SS_ERR_HANDSHAKE_RESPONSE` when either is not ASCII, or the frame is 64 KiB or more
 */
export function upgradeResponse(req: HandshakeRequest, headers: string, frame: string): string {
  // Neither is quoted in the message: the headers hold the session cookie.
  if (!ASCII.test(headers)) throw new SocketStreamError('SS_ERR_HANDSHAKE_RESPONSE', 'upgradeResponse(): the 101 response headers (the session cookie) must be ASCII');
  if (!ASCII.test(frame)) throw new SocketStreamError('SS_ERR_HANDSHAKE_RESPONSE', 'upgradeResponse(): the hello frame must be ASCII');
  const accept = hash('sha1', req.key + GUID, 'base64');
  const protocol = req.protocol === undefined ? '' : `Sec-WebSocket-Protocol: ${req.protocol}\r\n`;
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${protocol}${headers}\r\n${textFrameHeader(frame.length)}${frame}`;
}

/** RFC 6455 §5.2: FIN + text opcode, then the (unmasked) payload length, as Latin-1 characters. */
function textFrameHeader(length: number): string {
  if (length < 126) return String.fromCharCode(0x81, length);
  if (length < 0x10000) return String.fromCharCode(0x81, 126, length >> 8, length & 0xff);
  throw new SocketStreamError('SS_ERR_HANDSHAKE_RESPONSE', `upgradeResponse(): a hello frame of ${length} bytes is too long to send with the 101 response (at most 65535)`);
}
