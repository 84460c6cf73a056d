import { byeFrame, channelFrame, errorFrame, eventFrame, gapFrame, helloFrame, resultFrame, RpcError, sessionFrame } from '../../src/protocol';

// The exact bytes on the wire: clients and the RPC hot path depend on them.
describe('protocol encoders', () => {
  it('encodes result frames with and without a result', () => {
    expect(resultFrame(7, { a: 1 })).toBe('{"t":"res","id":7,"r":{"a":1}}');
    expect(resultFrame('x', undefined)).toBe('{"t":"res","id":"x"}');
    expect(resultFrame(1, () => 0)).toBe('{"t":"res","id":1}');
  });

  it('encodes error frames, dropping details that cannot be serialised', () => {
    expect(errorFrame(3, new RpcError('NOT_FOUND', 'no'))).toBe('{"t":"err","id":3,"e":{"code":"NOT_FOUND","message":"no"}}');
    expect(errorFrame(null, { code: 'BAD_REQUEST', message: 'm', details: { n: 1n } })).toBe('{"t":"err","id":null,"e":{"code":"BAD_REQUEST","message":"m"}}');
  });

  it('encodes hello, session, bye and gap frames', () => {
    expect(helloFrame(1, 'n.s')).toBe('{"t":"hello","v":1,"socketId":"n.s"}');
    expect(sessionFrame('tok')).toBe('{"t":"session","token":"tok"}');
    expect(sessionFrame('tok', true)).toBe('{"t":"session","token":"tok","changed":true}');
    expect(byeFrame('shutdown')).toBe('{"t":"bye","reason":"shutdown"}');
    expect(gapFrame('room:1', 4)).toBe('{"t":"gap","c":"room:1","s":4}');
  });

  it('encodes event frames around a published body', () => {
    expect(eventFrame('"e":"x","d":1')).toBe('{"t":"ev","e":"x","d":1}');
    expect(channelFrame('room:1', 9, '"e":"x"')).toBe('{"t":"ev","c":"room:1","s":9,"e":"x"}');
  });
});
