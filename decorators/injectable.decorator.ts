import { bareTarget, missingParentheses } from './decorator-error';
import { METADATA } from './metadata-keys';

/**
 * Marks a class as constructible by the app's container. A class needs some decorator for
 * TypeScript to emit its constructor parameter types; use this one on repositories and other
 * plain dependencies that have constructor parameters. Registers nothing.
 *
 * @throws DecoratorError `SS_ERR_DECORATOR_ARGUMENT`, naming the class, when written without
 *   parentheses (`@Injectable`), which would replace the class.
 */
export function Injectable(): ClassDecorator;
export function Injectable(...misuse: unknown[]): ClassDecorator {
  if (misuse.length > 0) throw missingParentheses('Injectable', '@Injectable()', bareTarget(misuse[0], misuse[1]) ?? 'a class');
  return (target) => {
    Reflect.defineMetadata(METADATA.injectable, true, target);
  };
}
