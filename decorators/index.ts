// The decorators write with Reflect.defineMetadata; load the polyfill whatever the import order.
import 'reflect-metadata';

export { RpcService } from './rpc-service.decorator';
export { Rpc } from './rpc.decorator';
export { Ctx } from './ctx.decorator';
export { UseGuards, type GuardClass } from './use-guards.decorator';
export { Channel } from './channel.decorator';
export { Subscribe } from './subscribe.decorator';
export { View } from './view.decorator';
export { Injectable } from './injectable.decorator';
export { DecoratorError } from './decorator-error';
// METADATA (the metadata keys) stays internal: the keys are not a public contract.
export type {
  RpcServiceMetadata,
  RpcOptions,
  ChannelMetadata,
  ChannelOptions,
  SubscriptionMetadata,
  ViewOptions,
} from './metadata-keys';
