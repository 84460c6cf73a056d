import { Responder, type ResponderContext } from 'socketstream';

/** What the page sends: the moment it sent the ping, on its own clock. */
interface Ping {
  sent: number;
}

function isPing(message: unknown): message is Ping {
  return typeof message === 'object' && message !== null && typeof (message as { sent?: unknown }).sent === 'number';
}

/**
 * A custom message type beside RPC and channels (`ss.responder('ping')` in the page): the page
 * pings, the server echoes the ping on the same socket, and the page shows the round trip.
 */
export class PingResponder extends Responder {
  readonly name = 'ping';

  onMessage(message: unknown, ctx: ResponderContext): void {
    // A responder checks its own input: anything but a ping is ignored.
    if (!isPing(message)) return;
    ctx.send({ sent: message.sent });
  }
}
