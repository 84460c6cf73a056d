// NestJS: a @WebSocketGateway on WsAdapter (@nestjs/platform-ws), written the way a Nest user
// writes it (@SubscribeMessage + @MessageBody/@ConnectedSocket, a Set of sockets per channel since
// the ws adapter has no rooms). Decorators are applied by hand, as tsc would emit them.
// Frames: {"event":"add","data":{"id","a"}} → {"event":"add","data":{"id","r"}};
//         {"event":"join","data":{"id","c"}} → {"event":"join","data":{"id","r":true}};
//         fan-out {"event":"msg","data":…}.
require('reflect-metadata');
const http = require('node:http');
const { Module } = require('@nestjs/common');
const { NestFactory, AbstractHttpAdapter } = require('@nestjs/core');
const { WebSocketGateway, SubscribeMessage, MessageBody, ConnectedSocket } = require('@nestjs/websockets');
const { WsAdapter } = require('@nestjs/platform-ws');
const { serve } = require('./control.cjs');

/** tslib's __param: turns a parameter decorator into a method decorator for Reflect.decorate. */
const param = (index, decorator) => (target, key) => decorator(target, key, index);

class BenchGateway {
  /** @type {Map<string, Set<import('ws').WebSocket>>} channel name → subscribed sockets */
  channels = new Map();

  add(body) {
    return { event: 'add', data: { id: body.id, r: body.a[0] + body.a[1] } };
  }

  join(body, client) {
    let subscribers = this.channels.get(body.c);
    if (subscribers === undefined) this.channels.set(body.c, (subscribers = new Set()));
    subscribers.add(client);
    return { event: 'join', data: { id: body.id, r: true } };
  }

  handleDisconnect(client) {
    for (const subscribers of this.channels.values()) subscribers.delete(client);
  }

  publish(channel, event, data) {
    const subscribers = this.channels.get(channel);
    if (subscribers === undefined) return;
    const text = JSON.stringify({ event, data });
    for (const client of subscribers) client.send(text);
  }
}
/** What tsc emits for `@SubscribeMessage(event) method(@MessageBody() body: Body, @ConnectedSocket() client: WebSocket)`. */
const handler = (method, event, params) =>
  Reflect.decorate(
    [
      SubscribeMessage(event),
      ...params.map((decorator, index) => param(index, decorator)),
      Reflect.metadata('design:type', Function),
      Reflect.metadata('design:paramtypes', params.map(() => Object)),
      Reflect.metadata('design:returntype', Object),
    ],
    BenchGateway.prototype,
    method,
    Object.getOwnPropertyDescriptor(BenchGateway.prototype, method),
  );
handler('add', 'add', [MessageBody()]);
handler('join', 'join', [MessageBody(), ConnectedSocket()]);
Reflect.decorate([WebSocketGateway()], BenchGateway);

class AppModule {}
Reflect.decorate([Module({ providers: [BenchGateway] })], AppModule);

/**
 * Nest's default HTTP platform is @nestjs/platform-express, which the benchmark does not install:
 * this bare node:http adapter stands in for it. It only owns the server the WsAdapter attaches its
 * upgrade listener to; no HTTP route exists, so no WebSocket frame ever goes through it.
 */
class NodeHttpAdapter extends AbstractHttpAdapter {
  initHttpServer() {
    this.httpServer = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
  }
  listen(port, ...args) {
    return this.httpServer.listen(port, ...args);
  }
  close() {
    return new Promise((resolve) => {
      if (!this.httpServer.listening) return resolve();
      this.httpServer.close(() => resolve());
      this.httpServer.closeAllConnections();
    });
  }
  getType() {
    return 'node-http';
  }
  registerParserMiddleware() {}
  setErrorHandler() {}
  setNotFoundHandler() {}
  enableCors() {}
}

(async () => {
  const app = await NestFactory.create(AppModule, new NodeHttpAdapter(), { logger: false, bodyParser: false });
  app.useWebSocketAdapter(new WsAdapter(app));
  await app.listen(0, '127.0.0.1');
  const gateway = app.get(BenchGateway);
  serve(app.getHttpServer().address().port, {
    publish: async (data) => gateway.publish('feed:1', 'msg', data),
    close: () => app.close(),
  });
})();
