import { SocketStreamError } from '../errors/socketstream-error';
import { hasSocketStreamDecorator, NO_DECORATOR_METADATA } from './decorator-metadata';
import { type Constructor, describeToken } from './provider';

/** tsyringe keeps `@inject(token)` parameters under this key (index → token or descriptor). */
const TSYRINGE_TOKENS = 'injectionTokens';

/** Types TypeScript emits for interfaces, primitives and unions: nothing the container can build. */
const UNBUILDABLE: ReadonlySet<unknown> = new Set([Object, String, Number, Boolean, Array, Function, Symbol, BigInt, Promise]);

/** The token constructor parameter `index` of `cls` asks for. */
function parameterToken(cls: Constructor, index: number, types: readonly unknown[] | undefined): unknown {
  const injected = (Reflect.getOwnMetadata(TSYRINGE_TOKENS, cls) as Record<string, unknown> | undefined)?.[index];
  if (injected !== undefined) {
    return typeof injected === 'object' && injected !== null && 'token' in injected ? (injected as { token: unknown }).token : injected;
  }
  return types?.[index];
}

/**
 * Every token reachable from `roots` through constructor parameters, transitively. Classes
 * reached this way are returned in `classes` (to be registered as app singletons). Throws,
 * naming the class, parameter position and type, when a parameter cannot be resolved.
 *
 * @param known tokens the app registers itself (providers, overrides): they are not walked into
 */
export function walkDependencies(roots: Iterable<Constructor>, known: ReadonlyMap<unknown, Constructor | null>): { classes: Set<Constructor>; tokens: Set<unknown> } {
  const classes = new Set<Constructor>();
  const tokens = new Set<unknown>();
  const visit = (cls: Constructor, path: string[]): void => {
    if (classes.has(cls)) return;
    classes.add(cls);
    tokens.add(cls);
    const types = Reflect.getMetadata('design:paramtypes', cls) as unknown[] | undefined;
    if (cls.length > 0 && types === undefined && Reflect.getOwnMetadata(TSYRINGE_TOKENS, cls) === undefined) {
      if (hasSocketStreamDecorator(cls)) {
        throw new SocketStreamError(
          'SS_ERR_NO_DECORATOR_METADATA',
          `${describeToken(cls)} is decorated and has constructor parameters, but no parameter types were recorded for the container (design:paramtypes): ${NO_DECORATOR_METADATA}` +
            ` (in plain JavaScript, record them as TypeScript would: Reflect.defineMetadata('design:paramtypes', [Dependency], ${describeToken(cls)}))${via(path)}`,
        );
      }
      throw new SocketStreamError(
        'SS_ERR_UNRESOLVABLE_PARAMETER',
        `${describeToken(cls)} has constructor parameters but no decorator, so TypeScript recorded no parameter types for the container; add @Injectable() from 'socketstream/decorators' ` +
          `(if it has a decorator already, ${NO_DECORATOR_METADATA})${via(path)}`,
      );
    }
    const count = Math.max(cls.length, types?.length ?? 0);
    for (let i = 0; i < count; i++) {
      const token = parameterToken(cls, i, types);
      if (known.has(token)) {
        tokens.add(token);
        const impl = known.get(token);
        if (impl) visit(impl, [...path, describeToken(cls)]);
        continue;
      }
      if (token === undefined && types === undefined) {
        // @inject() on another parameter would have made TypeScript record this one's type.
        throw new SocketStreamError(
          'SS_ERR_NO_DECORATOR_METADATA',
          `Cannot inject parameter #${i} of ${describeToken(cls)}: no parameter types were recorded for the container (design:paramtypes): ${NO_DECORATOR_METADATA}${via(path)}`,
        );
      }
      if (token === undefined) {
        throw new SocketStreamError(
          'SS_ERR_UNRESOLVABLE_PARAMETER',
          `Cannot inject parameter #${i} of ${describeToken(cls)}: its type is undefined at run time, which usually means an import cycle; break the cycle or use tsyringe's delay()${via(path)}`,
        );
      }
      if (token === Function) {
        throw new SocketStreamError(
          'SS_ERR_TYPE_ONLY_PARAMETER',
          `Cannot inject parameter #${i} of ${describeToken(cls)}: its recorded type is Function, which TypeScript records for a class imported with \`import type\` (or for a function type); ` +
            `import the class as a value: \`import { MessageStore } from …\`, not \`import type\` (a function: register it with a provider and inject it with @inject(token))${via(path)}`,
        );
      }
      if (typeof token !== 'function' || UNBUILDABLE.has(token)) {
        const what = typeof token === 'function' ? `type ${describeToken(token)} (an interface, primitive or union)` : `token ${describeToken(token)}, which no provider registers`;
        throw new SocketStreamError(
          'SS_ERR_UNRESOLVABLE_PARAMETER',
          `Cannot inject parameter #${i} of ${describeToken(cls)}: ${what}; register it with a provider and inject it with @inject(token)${via(path)}`,
        );
      }
      visit(token as Constructor, [...path, describeToken(cls)]);
    }
  };
  for (const root of roots) visit(root, []);
  return { classes, tokens };
}

function via(path: string[]): string {
  return path.length ? ` (needed by ${path.join(' → ')})` : '';
}
