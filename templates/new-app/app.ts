import 'reflect-metadata';
import { createApp } from 'socketstream';

/**
 * The app. Services are discovered under ./server/rpc, channels under ./server/channels, custom
 * message types under ./server/responders. The page (client "main", served at /) is
 * client/views/main.html with client/css/app.css, client/code/main/entry.ts and the templates
 * under client/templates/greetings. With REDIS_URL set, sessions and PubSub go through Redis so
 * several processes can serve the app; unset, everything stays in memory.
 */
export default createApp({
  root: __dirname,
  redis: process.env.REDIS_URL,
  clients: {
    main: { view: 'main.html', code: 'main/entry.ts', css: ['app.css'], templates: ['greetings'] },
  },
});
