import { IsString, Length } from 'class-validator';
import { Channel, Ctx, Rpc, RpcService, Subscribe } from 'socketstream/decorators';
import { Responder, Service, type ChannelContext } from 'socketstream';
import { createTestingApp } from 'socketstream/testing';
import WebSocket from 'ws';

class Note {
  @IsString() @Length(1, 10) text!: string;
}
class LongerNote {
  @IsString() @Length(1, 10) text!: string;
  @IsString() author!: string;
}

@RpcService('notes')
class Notes extends Service {
  @Rpc() add(note: Note) {
    return note.text;
  }
}
@RpcService('notes')
class NotesWithAuthor extends Service {
  @Rpc() add(note: LongerNote) {
    return note.text;
  }
}
@RpcService('notes')
class NotesWithCount extends Service {
  @Rpc() add(note: Note) {
    return note.text;
  }
  @Rpc() count(): number {
    return 0;
  }
}
@Channel('room:{id}')
class Room extends Service {
  canJoin() {
    return true;
  }
  @Subscribe('typing') typing(_: unknown, @Ctx() ctx: ChannelContext) {
    return ctx.socketId;
  }
}
class Cursor extends Responder {
  readonly name = 'cursor';
  onMessage(): void {}
}

async function contractOf(options: Parameters<typeof createTestingApp>[0]): Promise<string> {
  await using app = await createTestingApp(options).start();
  return app.app.contract;
}

describe("an app's wire contract", () => {
  it('is the same for two apps of the same classes, and changes with a method, a DTO property, a channel or a message type', async () => {
    const base = await contractOf({ services: [Notes] });
    expect(base).toMatch(/^[\w-]{12}$/);
    expect(await contractOf({ services: [Notes] })).toBe(base);
    const variants = [
      await contractOf({ services: [NotesWithCount] }),
      await contractOf({ services: [NotesWithAuthor] }),
      await contractOf({ services: [Notes], channels: [Room] }),
      await contractOf({ services: [Notes], responders: [Cursor] }),
    ];
    expect(new Set([base, ...variants]).size).toBe(5);
  });

  it('is sent in the hello frame of every connection', async () => {
    await using app = await createTestingApp({ services: [Notes] }).start();
    const socket = new WebSocket(app.url.replace(/^http/, 'ws') + '/_ss/ws', { headers: { origin: app.url } });
    const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
      socket.once('error', reject);
    });
    socket.close();
    expect(hello).toMatchObject({ t: 'hello', c: app.app.contract });
  });
});
