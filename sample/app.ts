import 'reflect-metadata';
import { createApp } from 'socketstream';

/** The sample chat app. Services are discovered under ./server/rpc. */
export default createApp({
  root: __dirname,
});
