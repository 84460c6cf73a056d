import 'reflect-metadata';
import { join } from 'node:path';
import { createApp } from 'socketstream';
import { serveClient } from './client/serve-client';

/**
 * The sample chat app. Services are discovered under ./server/rpc, channels under
 * ./server/channels, custom message types (responders) under ./server/responders. With REDIS_URL set, sessions and PubSub go through Redis, so several
 * processes can serve it; unset, everything stays in memory.
 */
const app = createApp({
  root: __dirname,
  redis: process.env.REDIS_URL,
  // A chat client sends a few frames a second; a runaway script gets RATE_LIMITED instead of the server's time.
  ws: { rateLimit: { perSecond: 50 } },
});

app.http.use(serveClient(join(__dirname, 'client')));

export default app;
