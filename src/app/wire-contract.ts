import { createHash } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import type { Invocable } from '../invocation/invocation';
import type { ParameterSpec } from '../invocation/parameter-spec';
import type { ChannelDefinition } from '../pubsub/channel-table';

/** What the wire contract is computed from: the app's tables as built at start-up. */
export interface WireContractParts {
  /** `service.method` → its handler. */
  readonly methods: ReadonlyMap<string, Invocable>;
  readonly channels: readonly ChannelDefinition[];
  /** The custom message types (`Responder` names). */
  readonly responders: readonly string[];
}

/** A DTO class as the wire sees it: its name and each validated property with its checks, sorted. */
function describeClass(cls: new () => object): string {
  const checks = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((meta) => `${meta.propertyName}:${meta.name ?? meta.type}${meta.each ? '[]' : ''}`);
  return `${cls.name}{${[...new Set(checks)].sort().join(',')}}`;
}

function describeParams(params: readonly ParameterSpec[]): string {
  return params.map((param) => (param.kind === 'class' ? describeClass(param.cls) : param.kind)).join(',');
}

/**
 * A short hash of what a client may call: every RPC method with its argument types (DTO classes
 * with their validated properties), every channel pattern with its `@Subscribe` events and their
 * argument types, and the custom message types. Two builds of one app get the same hash unless
 * one of these changed; the server sends it in its hello, and a page built for another contract
 * (an old tab after a deploy) reloads instead of calling methods that changed. Implementations,
 * guards and return types are not part of it.
 */
export function wireContract(parts: WireContractParts): string {
  const lines = [
    ...[...parts.methods].map(([name, handler]) => `rpc ${name}(${describeParams(handler.params)})`),
    ...parts.channels.flatMap((channel) => [
      `channel ${channel.pattern.source}${channel.presence ? ' presence' : ''}`,
      ...[...channel.handlers].map(([event, handler]) => `push ${channel.pattern.source} ${event}(${describeParams(handler.params)})`),
    ]),
    ...parts.responders.map((name) => `msg ${name}`),
  ].sort();
  return createHash('sha256').update(lines.join('\n')).digest('base64url').slice(0, 12);
}
