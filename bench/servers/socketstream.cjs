// SocketStream server for the benchmark: math.add over RPC, a feed channel for fan-out.
// Uses the built package (npm run build), with decorators applied by hand so no compiler is needed.
const { createApp } = require('../../dist/src/index.js');
const { RpcService, Rpc, Channel } = require('../../dist/decorators/index.js');
const { serve } = require('./control.cjs');

class MathService {
  add(a, b) {
    return a + b;
  }
}
Reflect.defineMetadata('design:paramtypes', [Number, Number], MathService.prototype, 'add');
Rpc()(MathService.prototype, 'add', Object.getOwnPropertyDescriptor(MathService.prototype, 'add'));
RpcService('math')(MathService);

class FeedChannel {
  canJoin() {
    return true; // a public channel: SocketStream refuses a channel that does not say who may join
  }
}
Channel('feed:{id}')(FeedChannel);

const app = createApp({ services: [MathService], channels: [FeedChannel], logLevel: 'error', session: { secret: 'bench' }, redis: process.env.REDIS_URL });
app.start(0, '127.0.0.1').then((url) => serve(Number(new URL(url).port), {
  publish: (data) => app.publish.channel('feed:1', 'msg', data),
  close: () => app.close(),
}));
