import { SocketStreamClient } from './client';
import { ClientError } from './client-error';

/** A compiled template: data in, HTML out (escaped unless the template says otherwise). */
export type TemplateFunction = (data?: unknown) => string;

/** The page's templates by address. One page runs one app, so one registry per copy of this module. */
const templates: Record<string, TemplateFunction> = Object.create(null);

/**
 * Adds templates by address (`chat/message`). The module the build makes of `client/templates/`
 * calls it once, before the app's code runs; a later call adds to (or replaces) what is there.
 */
export function registerTemplates(map: Readonly<Record<string, TemplateFunction>>): void {
  Object.assign(templates, map);
  // `ss.template(path)` from here on: only pages with templates pay for the method.
  SocketStreamClient.prototype.template = template;
}

/**
 * The template at `path`, its path under `client/templates/` without the extension.
 *
 * @throws ClientError `SS_ERR_UNKNOWN_TEMPLATE` when no template has that address
 * @example
 * list.insertAdjacentHTML('beforeend', template('chat/message')({ user: 'ada', text: 'hi' }));
 */
export function template(path: string): TemplateFunction {
  const found = templates[path];
  if (!found) throw new ClientError('SS_ERR_UNKNOWN_TEMPLATE', `no template "${path}"`);
  return found;
}
