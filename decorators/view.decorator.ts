import { bareTarget, DecoratorError, describeMember, missingParentheses } from './decorator-error';
import { METADATA, type ViewOptions } from './metadata-keys';

/**
 * Binds a client-side class to a precompiled template (`client/templates/<template>.html`).
 * The build fails, naming the file, when the template does not exist.
 *
 * @throws DecoratorError `SS_ERR_DECORATOR_ARGUMENT`, naming the class, when `template` is not a
 *   non-empty string.
 */
export function View(options: ViewOptions): ClassDecorator {
  const bare = bareTarget(options, undefined);
  if (bare !== undefined) throw missingParentheses('View', "@View({ template: 'chat/message' })", bare);
  return (target) => {
    if (typeof options !== 'object' || options === null || typeof options.template !== 'string' || options.template.length === 0) {
      throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', `@View({ template }) on ${describeMember(target)}: template must be a path such as 'chat/message'`);
    }
    Reflect.defineMetadata(METADATA.view, { ...options }, target);
  };
}
