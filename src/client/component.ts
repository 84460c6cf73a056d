import { ClientError } from './client-error';
import { template } from './templates';

/** Where `@View` records a class's template (a registered symbol, so the decorators need not be imported here). */
const VIEW_TEMPLATE = Symbol.for('socketstream.view.template');

/**
 * Base class of client-side views. Decorate a subclass with `@View({ template })` (from
 * `socketstream/decorators`) to bind it to a template under `client/templates/`:
 *
 * @example
 * @View({ template: 'chat/message' })
 * export class MessageView extends Component<{ user: string; text: string }> {}
 * list.append(new MessageView().render({ user: 'ada', text: '<b>hi</b>' }));   // escaped
 */
export abstract class Component<T = unknown> {
  /**
   * The template's HTML for `data`, as a string (escaped as the template says).
   *
   * @throws ClientError `SS_ERR_NO_VIEW` when the class has no `@View`, `SS_ERR_UNKNOWN_TEMPLATE`
   *   when its template is not in the page
   */
  html(data: T): string {
    const path = (this.constructor as { [VIEW_TEMPLATE]?: string })[VIEW_TEMPLATE];
    if (path === undefined) throw new ClientError('SS_ERR_NO_VIEW', `${this.constructor.name} has no @View({ template }): decorate it to bind a template`);
    return template(path)(data);
  }

  /**
   * The template rendered as an Element: its single root element, or a `<div>` holding what it
   * made when that is not exactly one element. Browser only (it needs `document`).
   */
  render(data: T): Element {
    const holder = document.createElement('template');
    holder.innerHTML = this.html(data).trim();
    const content = holder.content;
    if (content.childNodes.length === 1 && content.firstElementChild !== null) return content.firstElementChild;
    const div = document.createElement('div');
    div.append(content);
    return div;
  }
}
