import { METADATA } from '../../decorators/metadata-keys';
import { NO_DECORATOR_METADATA } from '../container/decorator-metadata';
import type { Constructor } from '../container/provider';
import { SocketStreamError } from '../errors/socketstream-error';

/** How one wire argument is checked before the method sees it. */
export type ParameterSpec =
  | { kind: 'string' | 'number' | 'boolean' | 'array' | 'any' | 'date'; label: string }
  | { kind: 'class'; cls: new () => object; label: string };

const PRIMITIVES = new Map<unknown, 'string' | 'number' | 'boolean' | 'array' | 'date'>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
  [Array, 'array'],
  [Date, 'date'],
]);

/** Built-ins that class-validator cannot describe; their arguments pass unchecked. */
const OPAQUE: ReadonlySet<unknown> = new Set([Object, Function, Promise, Symbol, BigInt, Map, Set, RegExp, Uint8Array, ArrayBuffer]);

/** Turns a `design:paramtypes` entry into a check. Interfaces, unions and `unknown` arrive as `Object` and are not checked. */
export function parameterSpec(type: unknown, label: string): ParameterSpec {
  const kind = PRIMITIVES.get(type);
  if (kind) return { kind, label };
  if (typeof type === 'function' && !OPAQUE.has(type)) return { kind: 'class', cls: type as new () => object, label };
  return { kind: 'any', label };
}

/** The checks of a handler's wire arguments, and where its `@Ctx()` parameter is. */
export interface MethodParameters {
  /** Position of the `@Ctx()` parameter, or -1. */
  readonly ctxIndex: number;
  /** One check per parameter other than `@Ctx()`, in order. */
  readonly params: ParameterSpec[];
}

/**
 * Reads the recorded parameter types of an `@Rpc` method or `@Subscribe` handler once, at
 * start-up, and refuses the two cases in which its arguments would silently go unchecked:
 *
 * - no `design:paramtypes` at all for a method that has parameters besides `@Ctx()`: the code
 *   was compiled without decorator metadata (`SS_ERR_NO_DECORATOR_METADATA`);
 * - a parameter recorded as `Function` (`SS_ERR_TYPE_ONLY_PARAMETER`): tsc records `Function`
 *   for a class imported with `import type`. A parameter declared as a function type is
 *   recorded the same way and is refused too: a client can never send a function as JSON.
 *
 * swc records `Object` for a type-only import, the same as for an interface, so that case
 * cannot be told apart: the argument is simply not validated.
 *
 * @param decorator what makes the method a handler, for messages
 * @param label the label of the check of wire argument `position` (the `@Ctx()` parameter not counted)
 */
export function methodParameters(
  cls: Constructor,
  key: string,
  fn: (...args: unknown[]) => unknown,
  decorator: '@Rpc' | '@Subscribe',
  label: (position: number) => string,
): MethodParameters {
  const proto = cls.prototype as object;
  const types = Reflect.getMetadata('design:paramtypes', proto, key) as unknown[] | undefined;
  const ctxIndex = (Reflect.getMetadata(METADATA.ctxParam, proto, key) as number | undefined) ?? -1;
  const count = Math.max(types?.length ?? 0, fn.length, ctxIndex + 1);
  const where = `${cls.name}.${key} (${decorator})`;
  if (types === undefined && count > (ctxIndex >= 0 ? 1 : 0)) {
    throw new SocketStreamError(
      'SS_ERR_NO_DECORATOR_METADATA',
      `${where} has parameters but no recorded parameter types (design:paramtypes), so its arguments would reach it unvalidated: ${NO_DECORATOR_METADATA}` +
        ` (in plain JavaScript, record them as TypeScript would: Reflect.defineMetadata('design:paramtypes', [String, Object], ${cls.name}.prototype, '${key}'), Object for an argument left unchecked)`,
    );
  }
  const params: ParameterSpec[] = [];
  for (let i = 0; i < count; i++) {
    if (i === ctxIndex) continue;
    if (types?.[i] === Function) {
      throw new SocketStreamError(
        'SS_ERR_TYPE_ONLY_PARAMETER',
        `parameter #${i} of ${where} has the recorded type Function, so its argument would reach the method unvalidated. ` +
          'TypeScript records Function for a class imported with `import type` (and for a function type, which a client can never send as JSON): ' +
          'import the class as a value: `import { SendMessage } from …`, not `import type`',
      );
    }
    params.push(parameterSpec(types?.[i], label(params.length)));
  }
  return { ctxIndex, params };
}
