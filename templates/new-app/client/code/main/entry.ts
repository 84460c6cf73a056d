import ss, { Component, RpcError } from 'socketstream/client';
import { View } from 'socketstream/decorators';
// Type-only imports: the types reach the page, the server's code does not.
import type { HelloService } from '../../../server/rpc/hello';
import type { Greeting } from '../../../shared/greeting';

/** A greeting as client/templates/greetings/greeting.html renders it (escaped). */
@View({ template: 'greetings/greeting' })
class GreetingView extends Component<Greeting> {}

const hello = ss.service<HelloService>('hello'); // typed from the class, no code generation
const greetings = ss.channel('greetings');
const greetingView = new GreetingView();

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

function showError(err: unknown): void {
  $('error').textContent = err instanceof RpcError ? `${err.code}: ${err.message}` : String(err);
}

// Every greeting published on the channel, from this page or any other.
greetings.on('greeting', (greeting) => $('greetings').prepend(greetingView.render(greeting as Greeting)));

const form = $<HTMLFormElement>('hello');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = form.querySelector('input') as HTMLInputElement;
  $('error').textContent = '';
  hello.greet({ name: input.value }).then((greeting) => {
    $('reply').textContent = `The server says: ${greeting.text}`;
    input.value = '';
  }, showError);
});

// A custom message type (server/responders/ping.ts): ping, and show the round trip when the echo comes back.
const ping = ss.responder('ping');
ping.on((echo) => {
  $('status').textContent = `connected, round trip ${Math.round(performance.now() - (echo as { sent: number }).sent)} ms`;
});

ss.server.on('ready', () => {
  $('status').textContent = 'connected';
  ping.send({ sent: performance.now() });
  // Joined once; after a reconnect the client rejoins by itself and receives what it missed.
  if (!greetings.joined) greetings.join().catch(showError);
});
ss.server.on('disconnect', () => ($('status').textContent = 'disconnected, reconnecting…'));
// Back after a restart (ss dev) or a deploy: channels and queued calls resume by themselves.
ss.server.on('reconnect', () => {
  $('status').textContent = 'connected';
  ping.send({ sent: performance.now() });
});
