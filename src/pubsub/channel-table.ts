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

/** The `@Channel` metadata of an entry of `createApp({ channels })`; anything else is `SS_ERR_NOT_A_CHANNEL`. */
function requireChannelMetadata(value: unknown): ChannelMetadata {
  const meta = channelMetadata(value);
  if (meta) return meta;
  if (typeof value !== 'function') {
    throw new SocketStreamError('SS_ERR_NOT_A_CHANNEL', `createApp({ channels }): ${String(value)} is not a class decorated with @Channel (an import cycle can leave an entry undefined)`);
  }
  const name = value.name || '<anonymous class>';
  const inherited = Reflect.getMetadata(METADATA.channel, value) !== undefined;
  throw new SocketStreamError(
    'SS_ERR_NOT_A_CHANNEL',
    `createApp({ channels }): ${name} is listed as a channel but is not decorated with @Channel${inherited ? ' (its base class is; a subclass needs its own @Channel(pattern))' : ''}`,
  );
}

/**
 * `@Subscribe` records of a class and its bases; a subclass's handler of an event wins. Two
 * methods of one class handling one event is `SS_ERR_DUPLICATE_EVENT`.
 */
function subscriptionsOf(cls: Constructor): SubscriptionMetadata[] {
  const chain: object[] = [];
  for (let p: object | null = cls.prototype as object; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) chain.push(p);
  const byEvent = new Map<string, SubscriptionMetadata>();
  for (const proto of chain) {
    const own = new Map<string, SubscriptionMetadata>();
    for (const s of (Reflect.getOwnMetadata(METADATA.subscriptions, proto) as SubscriptionMetadata[] | undefined) ?? []) {
      const twin = own.get(s.event);
      if (twin && twin.method !== s.method) {
        const owner = (proto.constructor as { name?: string }).name || '<anonymous class>';
        throw new SocketStreamError(
          'SS_ERR_DUPLICATE_EVENT',
          `${owner}.${String(twin.method)} and ${owner}.${String(s.method)} both handle "${s.event}" (@Subscribe); one method per event`,
        );
      }
      own.set(s.event, s);
      if (!byEvent.has(s.event)) byEvent.set(s.event, s);
    }
  }
  return [...byEvent.values()];
}

/** The own-or-inherited property descriptor of `key` (read without calling a getter). */
function findDescriptor(cls: Constructor, key: string): PropertyDescriptor | undefined {
  for (let p: object | null = cls.prototype as object; p; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}

/** Every guard class a channel uses. Refuses (`SS_ERR_NOT_A_CHANNEL`) an entry that is not a `@Channel` class. */
export function channelGuardClasses(cls: Constructor): GuardClass[] {
  requireChannelMetadata(cls);
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
 * Refuses an entry that is not a `@Channel` class (`SS_ERR_NOT_A_CHANNEL`), a malformed pattern
 * (`SS_ERR_INVALID_PATTERN`), two classes of one pattern (`SS_ERR_DUPLICATE_CHANNEL`), a class with
 * neither `canJoin` nor a join guard (`SS_ERR_OPEN_CHANNEL`), and a `@Subscribe` member that is not
 * a method (`SS_ERR_NOT_A_METHOD`) or takes more than one data parameter (`SS_ERR_TOO_MANY_PARAMETERS`).
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
  /** Pattern shape → the class serving it. */
  const shapes = new Map<string, Constructor>();
  // A class listed (or exported) twice is one channel.
  return [...new Set(classes)].map((cls) => {
    const meta = requireChannelMetadata(cls);
    const pattern = compileChannelPattern(meta.pattern, cls.name);
    const other = shapes.get(pattern.shape);
    if (other) {
      throw new SocketStreamError(
        'SS_ERR_DUPLICATE_CHANNEL',
        `${other.name} (@Channel('${channelMetadata(other)?.pattern}')) and ${cls.name} (@Channel('${meta.pattern}')) serve the same channels; the second would never be used`,
      );
    }
    shapes.set(pattern.shape, cls);
    const proto = cls.prototype as Record<string, unknown>;
    const joinGuards = [...new Set([...globalGuards, ...guardClassesOf(cls)])];
    if (typeof proto.canJoin !== 'function' && joinGuards.length === 0) throw openChannel(cls, meta.pattern);
    const instance = instanceOf(cls);
    const handlers = new Map<string, PushHandler>();
    for (const { event, method } of subscriptionsOf(cls)) {
      const key = String(method);
      const fn: unknown = findDescriptor(cls, key)?.value;
      if (typeof fn !== 'function') {
        throw new SocketStreamError('SS_ERR_NOT_A_METHOD', `${cls.name}.${key} handles "${event}" (@Subscribe) but is not a method in ${cls.name} (an accessor or field overrides it)`);
      }
      const { ctxIndex, params } = methodParameters(cls, key, fn as (...args: unknown[]) => unknown, '@Subscribe', () => `the data of "${event}" in ${meta.pattern}`);
      if (params.length > 1) {
        throw new SocketStreamError('SS_ERR_TOO_MANY_PARAMETERS', `${cls.name}.${key} handles "${event}" with ${params.length} data parameters; a pushed event carries one (plus @Ctx())`);
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
      pattern,
      instance,
      canJoin: canJoin && ((params, ctx) => canJoin.call(instance, params, ctx)),
      guards: joinGuards.map(guardOf),
      handlers,
      presence: meta.presence === true,
    };
  });
}
