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
