import { bareTarget, DecoratorError, describeMember, missingParentheses } from './decorator-error';
import { METADATA, type ViewOptions } from './metadata-keys';

/**
 * Binds a client-side class (a `Component` from `socketstream/client`) to a precompiled template
 * (`client/templates/<template>.html`). The build fails, naming the file, when the template does
 * not exist. Usable in browser code: it needs neither reflect-metadata nor tsyringe.
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
    // The browser runtime's Component reads this; no Reflect there (a page does not load
    // reflect-metadata). Server-side tools get the metadata as well when the polyfill is loaded.
    Object.defineProperty(target, VIEW_TEMPLATE, { value: options.template, configurable: true });
    if (typeof Reflect.defineMetadata === 'function') Reflect.defineMetadata(METADATA.view, { ...options }, target);
  };
}

/**
 * Where `@View` keeps the template path on the class: a registered symbol, so the client's
 * `Component` finds it without importing the decorators.
 */
export const VIEW_TEMPLATE: unique symbol = Symbol.for('socketstream.view.template');
