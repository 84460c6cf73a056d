import { METADATA, type ChannelMetadata, type SubscriptionMetadata } from '../../decorators/metadata-keys';
import type { GuardClass } from '../../decorators/use-guards.decorator';
import type { Constructor } from '../container/provider';
import { SocketStreamError } from '../errors/socketstream-error';
import { guardClassesOf } from '../invocation/guard-classes';
import { type Invocable, isPlain } from '../invocation/invocation';
import { methodParameters } from '../invocation/parameter-spec';
import type { ValidationLimits } from '../invocation/validation-options';
import type { Guard } from '../invocation/guard';
import type { ChannelContext } from '../invocation/channel-context';
import { type ChannelPattern, compileChannelPattern } from './channel-pattern';

/** One `@Subscribe(event)` handler, resolved at start-up; `params` checks the pushed data (at most one parameter). */
export type PushHandler = Invocable;

/** A `@Channel` class, resolved at start-up. */
export interface ChannelDefinition {
  readonly pattern: ChannelPattern;
  readonly instance: object;
  readonly canJoin?: (params: Record<string, string>, ctx: ChannelContext) => boolean | Promise<boolean>;
  /** Global and class guards, run on join. */
  readonly guards: readonly Guard[];
  readonly handlers: ReadonlyMap<string, PushHandler>;
  /** `@Channel(pattern, { presence })`. */
  readonly presence: boolean;
}

/** The `@Channel` metadata of `value`, when it is a decorated class. */
export function channelMetadata(value: unknown): ChannelMetadata | undefined {
  return typeof value === 'function' ? (Reflect.getOwnMetadata(METADATA.channel, value) as ChannelMetadata | undefined) : undefined;
}

/** `@Subscribe` records of a class and its bases; a subclass's handler of an event wins. */
function subscriptionsOf(cls: Constructor): SubscriptionMetadata[] {
  const chain: object[] = [];
  for (let p: object | null = cls.prototype as object; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) chain.push(p);
  const byEvent = new Map<string, SubscriptionMetadata>();
  for (const proto of chain) {
    for (const s of (Reflect.getOwnMetadata(METADATA.subscriptions, proto) as SubscriptionMetadata[] | undefined) ?? []) {
      if (!byEvent.has(s.event)) byEvent.set(s.event, s);
    }
  }
  return [...byEvent.values()];
}

/** Every guard class a channel uses. */
export function channelGuardClasses(cls: Constructor): GuardClass[] {
  const keys = subscriptionsOf(cls).map((s) => String(s.method));
  return [...new Set([...guardClassesOf(cls), ...keys.flatMap((k) => guardClassesOf(cls, k))])];
}

/**
 * Channels are closed unless a class says who may join, as Phoenix makes `join` mandatory: a
 * channel class with neither a `canJoin` method nor a guard (its own `@UseGuards`, or the app's
 * `createApp({ guards })`) would let anyone join, so the app refuses to start. A `canJoin` that
 * is an instance field (an arrow function) does not count: joins never call it.
 */
function openChannel(cls: Constructor, pattern: string): SocketStreamError {
  return new SocketStreamError(
    'SS_ERR_OPEN_CHANNEL',
    `${cls.name} (@Channel('${pattern}')) has neither a canJoin method nor a guard, so anyone could join its channels. ` +
      'Say who may join with canJoin(params, ctx) or @UseGuards(...) on the class (or createApp({ guards })); ' +
      'for a public channel, say so: `canJoin() { return true; }` (and `canJoin() { return false; }` for one that only the server joins sessions to, with ctx.session.channels.join)',
  );
}

/**
 * Builds the definitions of every channel class, in the order given (the first matching pattern serves a name).
 * Refuses (`SS_ERR_OPEN_CHANNEL`) a class with neither `canJoin` nor a join guard.
 *
 * @param limits the app's `validation` limits, for data pushed to a class-typed `@Subscribe` parameter
 */
export function buildChannelTable(
  classes: readonly Constructor[],
  instanceOf: (cls: Constructor) => object,
  guardOf: (cls: GuardClass) => Guard,
  globalGuards: readonly GuardClass[],
  limits: ValidationLimits,
): ChannelDefinition[] {
  return classes.map((cls) => {
    const meta = channelMetadata(cls);
    if (!meta) throw new SocketStreamError('SS_ERR_NOT_A_SERVICE', `${cls.name} is listed as a channel but is not decorated with @Channel`);
    const proto = cls.prototype as Record<string, unknown>;
    const joinGuards = [...new Set([...globalGuards, ...guardClassesOf(cls)])];
    if (typeof proto.canJoin !== 'function' && joinGuards.length === 0) throw openChannel(cls, meta.pattern);
    const instance = instanceOf(cls);
    const handlers = new Map<string, PushHandler>();
    for (const { event, method } of subscriptionsOf(cls)) {
      const key = String(method);
      const fn = proto[key];
      if (typeof fn !== 'function') throw new SocketStreamError('SS_ERR_NOT_A_SERVICE', `${cls.name}.${key} handles "${event}" but is not a method`);
      const { ctxIndex, params } = methodParameters(cls, key, fn as (...args: unknown[]) => unknown, '@Subscribe', () => `the data of "${event}" in ${meta.pattern}`);
      if (params.length > 1) {
        throw new SocketStreamError('SS_ERR_NOT_A_SERVICE', `${cls.name}.${key} handles "${event}" with ${params.length} data parameters; a pushed event carries one (plus @Ctx())`);
      }
      handlers.set(event, {
        name: `${meta.pattern} ${event}`,
        fn: fn as (...args: unknown[]) => unknown,
        ctxIndex,
        params,
        plain: isPlain(params),
        guards: [...new Set([...globalGuards, ...guardClassesOf(cls, key)])].map(guardOf),
        limits,
      });
    }
    const canJoin = typeof proto.canJoin === 'function' ? (proto.canJoin as ChannelDefinition['canJoin']) : undefined;
    return {
      pattern: compileChannelPattern(meta.pattern, cls.name),
      instance,
      canJoin: canJoin && ((params, ctx) => canJoin.call(instance, params, ctx)),
      guards: joinGuards.map(guardOf),
      handlers,
      presence: meta.presence === true,
    };
  });
}
