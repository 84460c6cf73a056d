/**
 * `socketstream/decorators` in a browser bundle: only what client code decorates with. No
 * reflect-metadata, no tsyringe: a page pays for neither.
 */
export { View } from './view.decorator';
export { DecoratorError } from './decorator-error';
export type { ViewOptions } from './metadata-keys';
