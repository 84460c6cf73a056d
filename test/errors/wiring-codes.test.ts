import { createApp, type SocketStreamError } from 'socketstream';
import { Channel, Rpc, RpcService, Subscribe } from 'socketstream/decorators';
import { createTestingApp } from 'socketstream/testing';

/** Each wiring fault has a code of its own, and a message naming the class and member at fault. */

const failure = (code: string, ...names: string[]) =>
  expect.objectContaining({ name: 'SocketStreamError', code, message: expect.stringMatching(new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'), 's')) }) as SocketStreamError;

const start = (options: Parameters<typeof createApp>[0]) => () => createApp({ logLevel: 'silent', services: [], channels: [], ...options });

@Channel('room:{id}')
class RoomChannel {
  canJoin() {
    return true;
  }
  @Subscribe('typing') typing() {}
}

describe('error codes of channel faults', () => {
  it('SS_ERR_NOT_A_CHANNEL: a class in createApp({ channels }) without @Channel', () => {
    class PlainChannel {
      canJoin() {
        return true;
      }
    }
    expect(start({ channels: [PlainChannel] })).toThrow(failure('SS_ERR_NOT_A_CHANNEL', 'createApp({ channels })', 'PlainChannel', '@Channel'));
  });

  it('SS_ERR_NOT_A_CHANNEL: an undefined entry, as an import cycle leaves it', () => {
    expect(start({ channels: [undefined as never] })).toThrow(failure('SS_ERR_NOT_A_CHANNEL', 'createApp({ channels })', 'undefined', 'import cycle'));
  });

  it('SS_ERR_NOT_A_CHANNEL: a subclass of a @Channel class without its own @Channel, saying so', () => {
    class LobbyChannel extends RoomChannel {}
    expect(start({ channels: [LobbyChannel] })).toThrow(failure('SS_ERR_NOT_A_CHANNEL', 'LobbyChannel', 'its base class is'));
  });

  it('SS_ERR_NOT_A_CHANNEL through createTestingApp', async () => {
    class NotAChannel {}
    await expect(createTestingApp({ channels: [NotAChannel] }).start()).rejects.toMatchObject(failure('SS_ERR_NOT_A_CHANNEL', 'NotAChannel'));
  });

  it('SS_ERR_NOT_A_METHOD: an accessor in a subclass shadowing a @Subscribe method', () => {
    @Channel('shadowed:{id}')
    class ShadowedChannel extends RoomChannel {
      // @ts-expect-error -- an accessor shadowing a method, as plain JavaScript allows
      override get typing() {
        return 1;
      }
    }
    expect(start({ channels: [ShadowedChannel] })).toThrow(failure('SS_ERR_NOT_A_METHOD', 'ShadowedChannel.typing', '"typing"', '@Subscribe'));
  });

  it('SS_ERR_TOO_MANY_PARAMETERS: a @Subscribe handler with two data parameters', () => {
    @Channel('chat:{id}')
    class ChatChannel {
      canJoin() {
        return true;
      }
      @Subscribe('say') say(_text: string, _mood: string) {}
    }
    expect(start({ channels: [ChatChannel] })).toThrow(failure('SS_ERR_TOO_MANY_PARAMETERS', 'ChatChannel.say', '"say"', '2 data parameters'));
  });

  it('SS_ERR_DUPLICATE_EVENT: two methods of one class handling one event', () => {
    @Channel('doc:{id}')
    class DocChannel {
      canJoin() {
        return true;
      }
      @Subscribe('edit') edit() {}
      @Subscribe('edit') change() {}
    }
    expect(start({ channels: [DocChannel] })).toThrow(failure('SS_ERR_DUPLICATE_EVENT', 'DocChannel.edit', 'DocChannel.change', '"edit"'));
  });

  it('lets a subclass take over an event its base class handles', async () => {
    @Channel('hall:{id}')
    class HallChannel extends RoomChannel {
      @Subscribe('typing') typingInTheHall() {}
    }
    await createApp({ logLevel: 'silent', services: [], channels: [HallChannel] }).close();
  });

  it('SS_ERR_DUPLICATE_CHANNEL: two classes of one pattern, whatever their parameter names', () => {
    @Channel('room:{name}')
    class OtherRoomChannel {
      canJoin() {
        return true;
      }
    }
    expect(start({ channels: [RoomChannel, OtherRoomChannel] })).toThrow(failure('SS_ERR_DUPLICATE_CHANNEL', "RoomChannel (@Channel('room:{id}'))", "OtherRoomChannel (@Channel('room:{name}'))"));
  });

  it('serves a class listed twice once', async () => {
    await createApp({ logLevel: 'silent', services: [], channels: [RoomChannel, RoomChannel] }).close();
  });

  it('SS_ERR_INVALID_PATTERN: a parameter that is not an identifier, or one named twice', () => {
    @Channel('room:{1d}')
    class BadParamChannel {
      canJoin() {
        return true;
      }
    }
    @Channel('pair:{a}:{a}')
    class TwiceChannel {
      canJoin() {
        return true;
      }
    }
    expect(start({ channels: [BadParamChannel] })).toThrow(failure('SS_ERR_INVALID_PATTERN', '@Channel("room:{1d}") on BadParamChannel'));
    expect(start({ channels: [TwiceChannel] })).toThrow(failure('SS_ERR_INVALID_PATTERN', '@Channel("pair:{a}:{a}") on TwiceChannel', '{a} appears twice'));
  });
});

describe('error codes of RPC method faults', () => {
  it('SS_ERR_NOT_A_METHOD: an accessor in a subclass shadowing an @Rpc method', () => {
    class Base {
      @Rpc() count() {
        return 1;
      }
    }
    @RpcService('counter')
    class CounterService extends Base {
      // @ts-expect-error -- an accessor shadowing a method, as plain JavaScript allows
      override get count() {
        return 2;
      }
    }
    expect(start({ services: [CounterService] })).toThrow(failure('SS_ERR_NOT_A_METHOD', 'CounterService.count', '@Rpc'));
  });

  it('SS_ERR_DUPLICATE_METHOD: two methods of one wire name, naming both', () => {
    @RpcService('chat')
    class ChatService {
      @Rpc() send() {}
      @Rpc({ name: 'send' }) post() {}
    }
    expect(start({ services: [ChatService] })).toThrow(failure('SS_ERR_DUPLICATE_METHOD', '"chat.send"', 'ChatService.send', 'ChatService.post'));
  });

  it('SS_ERR_DUPLICATE_METHOD through createTestingApp, with an inherited method', async () => {
    class BaseChat {
      @Rpc() send() {}
    }
    @RpcService('room')
    class RoomService extends BaseChat {
      @Rpc({ name: 'send' }) post() {}
    }
    await expect(createTestingApp({ services: [RoomService] }).start()).rejects.toMatchObject(failure('SS_ERR_DUPLICATE_METHOD', '"room.send"', 'RoomService.send', 'RoomService.post'));
  });

  it('keeps SS_ERR_DUPLICATE_SERVICE for two services of one name', () => {
    @RpcService('news')
    class NewsService {}
    @RpcService('news')
    class OtherNewsService {}
    expect(start({ services: [NewsService, OtherNewsService] })).toThrow(failure('SS_ERR_DUPLICATE_SERVICE', '"news"', 'NewsService', 'OtherNewsService'));
  });
});
