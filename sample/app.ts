import 'reflect-metadata';
import { join } from 'node:path';
import { createApp } from 'socketstream';
import { serveClient } from './client/serve-client';

/** The sample chat app. Services are discovered under ./server/rpc. */
const app = createApp({
  root: __dirname,
});

app.http.use(serveClient(join(__dirname, 'client')));

export default app;
