import { DecoratorError } from './decorator-error';
import { METADATA, type ChannelMetadata, type ChannelOptions } from './metadata-keys';

/**
 * Marks a class as the handler of a family of channels. `{param}` segments match any
 * non-empty run of characters other than `:` and reach `canJoin` as `params`.
 *
 * @param pattern e.g. `room:{id}` matches `room:lobby`, `room:42`
 * @param options `presence` (default false): publish `$join`/`$leave` and answer presence requests
 */
export function Channel(pattern: string, options: ChannelOptions = {}): ClassDecorator {
  if (typeof pattern !== 'string' || pattern.length === 0) {
    throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', '@Channel(pattern): the pattern must be a non-empty string such as "room:{id}"');
  }
  return (target) => {
    const meta: ChannelMetadata = { pattern, presence: options.presence === true };
    Reflect.defineMetadata(METADATA.channel, meta, target);
  };
}
