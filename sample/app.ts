import 'reflect-metadata';
import { createApp } from 'socketstream';

/**
 * The sample chat app. Services are discovered under ./server/rpc, channels under
 * ./server/channels, custom message types (responders) under ./server/responders; the page is
 * client/views/main.html with client/css/app.css and client/code/main/entry.ts. With REDIS_URL
 * set, sessions and PubSub go through Redis, so several processes can serve it; unset,
 * everything stays in memory.
 */
const app = createApp({
  root: __dirname,
  redis: process.env.REDIS_URL,
  // A chat client sends a few frames a second; a runaway script gets RATE_LIMITED instead of the server's time.
  ws: { rateLimit: { perSecond: 50 } },
  // One page, served at / (and its sub-paths) with its stylesheet and bundled code.
  clients: { main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'], workers: ['words.ts'] } },
});

export default app;
