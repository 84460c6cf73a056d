import { DecoratorError } from './decorator-error';
import { METADATA, type ViewOptions } from './metadata-keys';

/**
 * Binds a client-side class to a precompiled template (`client/templates/<template>.html`).
 * The build fails, naming the file, when the template does not exist.
 */
export function View(options: ViewOptions): ClassDecorator {
  if (!options || typeof options.template !== 'string' || options.template.length === 0) {
    throw new DecoratorError('SS_ERR_DECORATOR_ARGUMENT', "@View({ template }): template must be a path such as 'chat/message'");
  }
  return (target) => {
    Reflect.defineMetadata(METADATA.view, { ...options }, target);
  };
}
