import ss, { Component, RpcError } from 'socketstream/client';
import { View } from 'socketstream/decorators';
import type { AuthService } from '../../../server/rpc/auth';
import type { ChatService } from '../../../server/rpc/chat';
import type { ChatMessage } from '../../../shared/messages';

const auth = ss.service<AuthService>('auth');
const chat = ss.service<ChatService>('chat');
const room = 'lobby';
const channel = ss.channel(`room:${room}`);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const error = $('error');

function showError(err: unknown): void {
  error.textContent = err instanceof RpcError ? `${err.code}: ${err.message}` : String(err);
}

async function showUser(): Promise<void> {
  const { userId } = await auth.me();
  $('login').hidden = userId !== null;
  $('user').hidden = userId === null;
  $('user-name').textContent = userId ?? '';
}

/** A message as the template client/templates/chat/message.html renders it (escaped). */
@View({ template: 'chat/message' })
class MessageView extends Component<ChatMessage> {}
const messageView = new MessageView();

function messageItem(m: ChatMessage): Element {
  return messageView.render(m);
}

/** Loads the room's history and joins its channel, so new messages arrive as they are posted. */
async function showMessages(): Promise<void> {
  const list = $('messages');
  let messages: ChatMessage[] = [];
  try {
    messages = await chat.history(room);
    if (!channel.joined) await channel.join();
  } catch (err) {
    if (!(err instanceof RpcError && (err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN'))) throw err;
  }
  list.replaceChildren(...messages.map(messageItem));
}

channel.on('message', (m) => $('messages').append(messageItem(m as ChatMessage)));
channel.on('typing', (t) => {
  status.textContent = `${(t as { user: string }).user} is typing…`;
});
// Messages missed beyond the server's history window: reload the whole room.
channel.on('gap', () => void showMessages().catch(showError));

function onSubmit(id: string, handler: (input: HTMLInputElement) => Promise<void>): void {
  const form = $<HTMLFormElement>(id);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = form.querySelector('input') as HTMLInputElement;
    error.textContent = '';
    handler(input).then(() => (input.value = ''), showError);
  });
}

onSubmit('login', async (input) => {
  await auth.login({ name: input.value });
  await showUser();
  await showMessages();
});

onSubmit('send', async (input) => {
  // The shared DTO checked here first (a lazily loaded chunk), then again on the server.
  const { problems } = await import('./validate.js');
  const found = problems(room, input.value);
  if (found.length > 0) throw new Error(`not sent: ${found.join('; ')}`);
  await chat.send({ room, text: input.value });
});

// A worker counts the draft's words off the page's thread.
const words = ss.worker('words');
words.onmessage = (event: MessageEvent<number>) => ($('words').textContent = `${event.data} word${event.data === 1 ? '' : 's'}`);

$<HTMLFormElement>('send')
  .querySelector('input')
  ?.addEventListener('input', (event) => {
    words.postMessage((event.target as HTMLInputElement).value);
    if (channel.joined) channel.send('typing', {}).catch(() => undefined);
  });

$('logout').addEventListener('click', () => {
  channel
    .leave()
    .then(() => auth.logout())
    .then(showUser)
    .then(showMessages)
    .catch(showError);
});

// A custom message type (server/responders/latency.ts): ping, and show the round trip when the echo comes back.
const latency = ss.responder('latency');
latency.on((echo) => {
  $('latency').textContent = `round trip ${Math.round(performance.now() - (echo as { sent: number }).sent)} ms`;
});
const ping = (): void => latency.send({ sent: performance.now() });
setInterval(() => {
  if (ss.connected) ping();
}, 5000);

ss.server.on('ready', () => {
  ping();
  status.textContent = `connected (socket ${ss.socketId})`;
  showUser().then(showMessages).catch(showError);
});
ss.server.on('disconnect', () => (status.textContent = 'disconnected, reconnecting…'));
ss.server.on('reconnect', () => {
  status.textContent = `reconnected (socket ${ss.socketId})`;
  ping();
});
