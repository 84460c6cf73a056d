/**
 * Compile-time checks of the channel and event listener types: `tsc --noEmit` fails if a
 * `@ts-expect-error` below stops being an error. Jest only runs the one trivial test.
 */
import type { ChannelHandle, PresenceEntry, RpcError, SocketStreamClient } from 'socketstream/client';

function usage(ss: SocketStreamClient): void {
  const room: ChannelHandle = ss.channel('room:lobby');
  room.on('message', (data) => {
    const d: unknown = data;
    void d;
  });
  room.on('$join', (member) => {
    const m: PresenceEntry = member;
    void m.userId;
  });
  room.once('$leave', (member) => void member.socketId);
  room.on('error', (error) => {
    const e: RpcError = error;
    void e.code;
  });
  room.on('gap', () => undefined);
  // @ts-expect-error gap carries no data
  room.on('gap', (data: string) => void data);
  // @ts-expect-error a member is not a string
  room.on('$join', (member: string) => void member);
  ss.event.on('announcement', (data, channel) => {
    const c: string | undefined = channel;
    void [data, c];
  });
  // @ts-expect-error the channel argument may be undefined
  ss.event.on('announcement', (_data: unknown, channel: string) => void channel);
  const members: Promise<PresenceEntry[]> = room.presence();
  void members;
  const seq: number | undefined = room.lastSeq;
  void seq;
  // @ts-expect-error lastSeq is read-only
  room.lastSeq = 3;
}

test('the type checks above compile (tsc --noEmit checks them)', () => {
  expect(typeof usage).toBe('function');
});
