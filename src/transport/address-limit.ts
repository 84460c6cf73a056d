import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Where a counted socket keeps the address it was counted under, so one shared listener can release it. */
const kAddress = Symbol('socketstream.address');
type CountedSocket = Duplex & { [kAddress]: string };

/**
 * The client address an upgrade counts under: the TCP peer's, or with `trustProxy` the
 * right-most `X-Forwarded-For` entry. A proxy appends the address it saw to whatever list the
 * client sent, so only the right-most entry is the proxy's word; the ones before it are the
 * client's and could be anything. (Behind a chain of proxies, that is the address the last one
 * saw.) Without the header, the peer's address.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    const last = list?.slice(list.lastIndexOf(',') + 1).trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? '';
}

/**
 * `ws.maxConnectionsPerAddress`: how many sockets one client address holds, from the upgrade
 * that was counted until its TCP socket closes (whether it became a connection or was refused
 * or dropped on the way). Made only when the cap is on: with the cap off the transport holds
 * no limit at all, so an upgrade pays nothing for it.
 */
export class AddressLimit {
  private readonly counts = new Map<string, number>();
  /** One 'close' listener for every counted socket (its `this`): made once rather than one closure per upgrade. */
  private readonly release: (this: CountedSocket) => void;

  constructor(
    /** Sockets one address may hold at once (at least 1). */
    readonly max: number,
  ) {
    const counts = this.counts;
    this.release = function () {
      const address = this[kAddress];
      const count = counts.get(address) ?? 0;
      // Deleted at zero, so addresses that come and go leave nothing behind.
      if (count <= 1) counts.delete(address);
      else counts.set(address, count - 1);
    };
  }

  /** Counts `socket` under `address` until it closes; false (and not counted) when the address already holds `max`. */
  admit(socket: Duplex, address: string): boolean {
    // A socket already closed would never release its count; it goes nowhere anyway.
    if (socket.destroyed) return true;
    const count = this.counts.get(address) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(address, count + 1);
    (socket as CountedSocket)[kAddress] = address;
    socket.on('close', this.release);
    return true;
  }

  /** Sockets counted under `address` now. */
  held(address: string): number {
    return this.counts.get(address) ?? 0;
  }
}
