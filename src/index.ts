// Decorators and the container read metadata through Reflect; load the polyfill whatever the import order.
import 'reflect-metadata';

export { App, createApp } from './app/app';
export type { AppOptions, PubSubOptions } from './app/app-options';
export { Service } from './service/service';
export { Guard } from './service/guard';
export { RpcError, ERROR_CODES, type ErrorCode, type WireError } from './protocol';
export { PROTOCOL_VERSION } from './protocol';
export type { RpcContext } from './rpc/rpc-context';
export type { FieldFailure } from './rpc/argument-check';
export type { ChannelContext, CanJoin, BroadcastOptions } from './pubsub/channel-context';
export { PubSub } from './pubsub/pubsub';
export { PubSubTransport, type SequencedMessage, type HistoryResult, type HistoryOptions, type TransportListener } from './pubsub/pubsub-transport';
export { MemoryTransport } from './pubsub/memory-transport';
export { RedisTransport, type RedisTransportOptions } from './pubsub/redis-transport';
export { RedisSessionStore, type RedisSessionStoreOptions } from './session/redis-session-store';
export type { RedisSource, RedisConnectionOption } from './redis/redis-options';
export type { PresenceEntry } from './protocol/frames';
export { Session, type SessionChannels } from './session/session';
export { SessionStore, type SessionRecord } from './session/session-store';
export { MemorySessionStore } from './session/memory-session-store';
export type { SessionOptions } from './session/session-options';
export type { AppSessions } from './session/app-sessions';
export type { RpcServiceDefinition } from './rpc/rpc-method-table';
export type { WsOptions } from './transport/ws-options';
export type { Constructor, Provider, ValueProvider, ClassProvider, FactoryProvider, Token } from './container/provider';
export { createConsoleLogger, type Logger, type LogLevel } from './logging/logger';
export { SocketStreamError, type SocketStreamErrorCode } from './errors/socketstream-error';
