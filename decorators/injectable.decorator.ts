import { METADATA } from './metadata-keys';

/**
 * Marks a class as constructible by the app's container. A class needs some decorator for
 * TypeScript to emit its constructor parameter types; use this one on repositories and other
 * plain dependencies that have constructor parameters. Registers nothing.
 */
export function Injectable(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(METADATA.injectable, true, target);
  };
}
