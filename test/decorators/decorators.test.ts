import { container as globalContainer } from 'tsyringe';
import { Channel, Ctx, DecoratorError, Injectable, Rpc, RpcService, Subscribe, UseGuards, View } from 'socketstream/decorators';
import { METADATA } from '../../decorators/metadata-keys';
import { Guard } from 'socketstream';

class Allow extends Guard {
  canActivate() {
    return true;
  }
}

describe('decorators', () => {
  it('record what they were given and register nothing in any container', () => {
    @RpcService('chat')
    @UseGuards(Allow)
    class ChatService {
      @Rpc({ name: 'post' })
      @UseGuards(Allow)
      send(_text: string, @Ctx() _ctx: unknown) {}
    }
    @Channel('room:{id}')
    class Room {
      @Subscribe('typing') typing() {}
    }
    @View({ template: 'chat/message' })
    class MessageView {}
    @Injectable()
    class Repo {}

    expect(Reflect.getOwnMetadata(METADATA.rpcService, ChatService)).toEqual({ name: 'chat' });
    expect(Reflect.getOwnMetadata(METADATA.rpcMethods, ChatService.prototype)).toEqual(['send']);
    expect(Reflect.getOwnMetadata(METADATA.rpc, ChatService.prototype, 'send')).toEqual({ name: 'post' });
    expect(Reflect.getOwnMetadata(METADATA.ctxParam, ChatService.prototype, 'send')).toBe(1);
    expect(Reflect.getOwnMetadata(METADATA.guards, ChatService)).toEqual([Allow]);
    expect(Reflect.getOwnMetadata(METADATA.guards, ChatService.prototype, 'send')).toEqual([Allow]);
    expect(Reflect.getOwnMetadata(METADATA.channel, Room)).toEqual({ pattern: 'room:{id}', presence: false });
    expect(Reflect.getOwnMetadata(METADATA.subscriptions, Room.prototype)).toEqual([{ event: 'typing', method: 'typing' }]);
    expect(Reflect.getOwnMetadata(METADATA.view, MessageView)).toEqual({ template: 'chat/message' });
    expect(Reflect.getOwnMetadata(METADATA.injectable, Repo)).toBe(true);
    for (const cls of [ChatService, Room, MessageView, Repo]) expect(globalContainer.isRegistered(cls, true)).toBe(false);
  });

  it('keep a subclass from changing its base class list of RPC methods', () => {
    class Base {
      @Rpc() a() {}
    }
    class Derived extends Base {
      @Rpc() b() {}
    }
    expect(Reflect.getOwnMetadata(METADATA.rpcMethods, Base.prototype)).toEqual(['a']);
    expect(Reflect.getOwnMetadata(METADATA.rpcMethods, Derived.prototype)).toEqual(['b']);
  });

  it('reject @Rpc on an accessor, naming the class and member', () => {
    expect(() => {
      class Broken {
        @Rpc()
        get secret() {
          return 1;
        }
      }
      return Broken;
    }).toThrow(expect.objectContaining({ code: 'SS_ERR_DECORATOR_TARGET', message: expect.stringContaining('Broken.secret') }));
  });

  it('reject @Rpc on a static method', () => {
    expect(() => {
      class Broken {
        @Rpc() static make() {}
      }
      return Broken;
    }).toThrow(DecoratorError);
  });

  it('reject a service name that is not dotted identifiers, naming the class', () => {
    expect(() => {
      @RpcService('chat service')
      class ChatService {}
      return ChatService;
    }).toThrow(expect.objectContaining({ code: 'SS_ERR_DECORATOR_ARGUMENT', message: expect.stringContaining('on ChatService') }));
  });

  it('reject a guard that is undefined, as an import cycle leaves it, naming the class', () => {
    expect(() => {
      @UseGuards(undefined as unknown as typeof Allow)
      class Guarded {}
      return Guarded;
    }).toThrow(/@UseGuards\(\) on Guarded: argument #0 is undefined/);
  });
});
