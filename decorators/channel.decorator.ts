import { bareTarget, DecoratorError, describeMember, describeValue, missingParentheses } from './decorator-error';
import { METADATA, type ChannelMetadata, type ChannelOptions } from './metadata-keys';

/**
 * Marks a class as the handler of a family of channels. `{param}` segments match any
 * non-empty run of characters other than `:` and reach `canJoin` as `params`.
 *
 * @param pattern e.g. `room:{id}` matches `room:lobby`, `room:42`
 * @param options `presence` (default false): publish `$join`/`$leave` and answer presence requests
 * @throws DecoratorError `SS_ERR_DECORATOR_ARGUMENT`, naming the class, when the pattern is not a
 *   non-empty string or `presence` is not a boolean. The pattern's syntax is checked by `createApp`
 *   (`SS_ERR_INVALID_PATTERN`).
 */
export function Channel(pattern: string, options: ChannelOptions = {}): ClassDecorator {
  const bare = bareTarget(pattern, undefined);
  if (bare !== undefined) throw missingParentheses('Channel', "@Channel('room:{id}')", bare);
  return (target) => {
    if (typeof pattern !== 'string' || pattern.length === 0) {
      throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@Channel(${describeValue(pattern)}) on ${describeMember(target)}: the pattern must be a non-empty string such as "room:{id}"`);
    }
    if (typeof options !== 'object' || options === null || (options.presence !== undefined && typeof options.presence !== 'boolean')) {
      throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@Channel("${pattern}", options) on ${describeMember(target)}: options must be an object whose presence, if given, is true or false`);
    }
    const meta: ChannelMetadata = { pattern, presence: options.presence === true };
    Reflect.defineMetadata(METADATA.channel, meta, target);
  };
}
