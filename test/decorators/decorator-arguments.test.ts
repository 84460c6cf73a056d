import * as client from 'socketstream/client';
import * as decorators from 'socketstream/decorators';
import { Channel, Ctx, DecoratorError, Injectable, Rpc, RpcService, Subscribe, UseGuards, View } from 'socketstream/decorators';
import * as server from 'socketstream';
import * as testing from 'socketstream/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A decorator's argument error is a DecoratorError with a stable code, naming where the decorator was applied. */
const refusal = (code: 'SS_ERR_DECORATOR_ARGUMENT' | 'SS_ERR_DECORATOR_TARGET', ...parts: string[]) =>
  expect.objectContaining({
    name: 'DecoratorError',
    code,
    message: expect.stringMatching(new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'))),
  }) as DecoratorError;

/** The decorators as plain JavaScript may call them, untyped. */
const loose = <T>(decorator: T) => decorator as unknown as (...args: unknown[]) => ClassDecorator & MethodDecorator & ParameterDecorator;

describe('decorator argument errors name the class (and method) they were applied to', () => {
  it('@Channel: a pattern that is not a non-empty string', () => {
    expect(() => {
      @Channel('')
      class EmptyChannel {}
      return EmptyChannel;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@Channel("") on EmptyChannel', 'non-empty string'));
    expect(() => {
      @(loose(Channel)(42))
      class NumberChannel {}
      return NumberChannel;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@Channel(42) on NumberChannel'));
  });

  it('@Channel: presence that is not a boolean', () => {
    expect(() => {
      @Channel('room:{id}', { presence: 'yes' as never })
      class PresenceChannel {}
      return PresenceChannel;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@Channel("room:{id}", options) on PresenceChannel', 'presence'));
  });

  it('checks when applied, not when the factory is called, so the class can be named', () => {
    expect(() => Channel('')).not.toThrow();
    expect(() => RpcService('not a name')).not.toThrow();
    expect(() => View({ template: '' })).not.toThrow();
    expect(() => Subscribe('')).not.toThrow();
    expect(() => UseGuards(undefined as never)).not.toThrow();
  });

  it('@Subscribe: an event that is not a non-empty string', () => {
    expect(() => {
      class RoomChannel {
        @Subscribe('') typing() {}
      }
      return RoomChannel;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@Subscribe("") on RoomChannel.typing'));
  });

  it('@View: a template that is not a path', () => {
    expect(() => {
      @View({ template: '' })
      class MessageView {}
      return MessageView;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@View({ template }) on MessageView'));
    expect(() => {
      @(loose(View)(undefined))
      class NoOptionsView {}
      return NoOptionsView;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', 'on NoOptionsView'));
  });

  it('@UseGuards: an argument that is not a class, on a class and on a method', () => {
    expect(() => {
      @UseGuards(undefined as never)
      class GuardedService {}
      return GuardedService;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@UseGuards() on GuardedService', 'argument #0 is undefined'));
    expect(() => {
      class GuardedMethods {
        @UseGuards(null as never) send() {}
      }
      return GuardedMethods;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@UseGuards() on GuardedMethods.send', 'argument #0 is null'));
  });

  it('@RpcService: a name that is not dot-separated identifiers', () => {
    expect(() => {
      @RpcService('chat room')
      class ChatService {}
      return ChatService;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@RpcService("chat room") on ChatService'));
  });

  it('@Rpc: options that are not an object, or a name that is not an identifier', () => {
    expect(() => {
      class ChatService {
        @(loose(Rpc)('post')) send() {}
      }
      return ChatService;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@Rpc("post") on ChatService.send', 'options must be an object'));
    expect(() => {
      class ChatService {
        @Rpc({ name: 'post.now' }) send() {}
      }
      return ChatService;
    }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@Rpc({ name: "post.now" }) on ChatService.send', 'identifier'));
  });

  it('@Rpc: a field, as plain JavaScript can decorate one, is a target error rather than a TypeError', () => {
    // A property decorator gets no descriptor.
    const onField = (decorator: MethodDecorator) => (decorator as unknown as (target: object, key: string) => void)(class FieldService {}.prototype, 'handler');
    expect(() => onField(Rpc())).toThrow(refusal('SS_ERR_DECORATOR_TARGET', '@Rpc() on FieldService.handler', 'not accessors or fields'));
    expect(() => onField(Subscribe('typing'))).toThrow(refusal('SS_ERR_DECORATOR_TARGET', '@Subscribe("typing") on FieldService.handler'));
  });

  it('@Ctx: on two parameters of one method, or on a static method', () => {
    expect(() => {
      class ChatService {
        send(@Ctx() _a: unknown, @Ctx() _b: unknown) {}
      }
      return ChatService;
    }).toThrow(refusal('SS_ERR_DECORATOR_TARGET', '@Ctx() on parameters #0 and #1 of ChatService.send'));
    expect(() => {
      class ChatService {
        static make(@Ctx() _ctx: unknown) {}
      }
      return ChatService;
    }).toThrow(refusal('SS_ERR_DECORATOR_TARGET', '@Ctx() on parameter #0 of static ChatService.make'));
  });

  describe('a factory applied without its parentheses, as plain JavaScript allows', () => {
    it.each([
      ['RpcService', RpcService],
      ['Channel', Channel],
      ['View', View],
      ['Injectable', Injectable],
    ])('@%s on a class', (name, decorator) => {
      expect(() => {
        @(decorator as unknown as ClassDecorator)
        class Bare {}
        return Bare;
      }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', `@${name} on Bare has no parentheses`, `@${name}(`));
    });

    it.each([
      ['Rpc', Rpc],
      ['Subscribe', Subscribe],
    ])('@%s on a method', (name, decorator) => {
      expect(() => {
        class Bare {
          @(decorator as unknown as MethodDecorator) send() {}
        }
        return Bare;
      }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', `@${name} on Bare.send has no parentheses`));
    });

    it('@Ctx on a parameter', () => {
      expect(() => {
        class Bare {
          send(@(Ctx as unknown as ParameterDecorator) _ctx: unknown) {}
        }
        return Bare;
      }).toThrow(refusal('SS_ERR_DECORATOR_ARGUMENT', '@Ctx on Bare.send has no parentheses'));
    });
  });

  it('are DecoratorErrors', () => {
    let caught: unknown;
    try {
      @RpcService('no good')
      class Named {}
      void Named;
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DecoratorError);
  });
});

describe('the metadata keys are not public API', () => {
  it('no package entry exports METADATA', () => {
    for (const entry of [decorators, server, testing, client]) expect(Object.keys(entry)).not.toContain('METADATA');
  });

  it('package.json exports only the four entries', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './client', './decorators', './package.json', './testing']);
  });
});
