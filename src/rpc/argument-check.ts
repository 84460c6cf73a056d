import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { RpcError } from '../protocol/rpc-error';
import type { ParameterSpec } from './parameter-spec';

/** One failing field in `VALIDATION_FAILED` details. */
export interface FieldFailure {
  /** Position of the argument among those the client sends (0-based). */
  argument: number;
  /** Dotted path inside the argument (`address.city`), or '' for the argument itself. */
  property: string;
  /** Constraint name → message, as class-validator reports them. */
  constraints: Record<string, string>;
}

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/** Keys that would reach an object's prototype when class-transformer copies them. */
const POISONED = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting accepted inside a DTO argument; deeper input could exhaust the stack of class-transformer. */
export const MAX_DEPTH = 32;

/** The first problem with a plain argument before it reaches class-transformer: a poisoned key or too deep a nesting. */
function unsafePath(value: unknown, path: string, depth: number): FieldFailure['constraints'] & { at?: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_DEPTH) return { maxDepth: `nested deeper than ${MAX_DEPTH} levels`, at: path };
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (POISONED.has(key)) return { forbiddenKey: `property ${here} is not allowed`, at: here };
    const deeper = unsafePath((value as Record<string, unknown>)[key], here, depth + 1);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

function flatten(errors: ValidationError[], argument: number, prefix: string, out: FieldFailure[]): void {
  for (const e of errors) {
    const property = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.push({ argument, property, constraints: { ...e.constraints } });
    if (e.children?.length) flatten(e.children, argument, property, out);
  }
}

function typeFailure(argument: number, spec: ParameterSpec, message: string): FieldFailure {
  return { argument, property: '', constraints: { [spec.kind === 'class' ? 'isObject' : `is${spec.kind[0].toUpperCase()}${spec.kind.slice(1)}`]: message } };
}

function primitiveFailure(argument: number, spec: ParameterSpec): FieldFailure {
  return typeFailure(argument, spec, `${spec.label} must be ${spec.kind === 'array' ? 'an array' : `a ${spec.kind}`}`);
}

function primitiveMatches(kind: ParameterSpec['kind'], value: unknown): boolean {
  switch (kind) {
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    default: return true;
  }
}

/**
 * Checks positional wire arguments against the method's parameters and returns the values the
 * method receives (class instances for class-typed parameters). Throws `VALIDATION_FAILED` with
 * every failing field.
 *
 * A missing trailing argument of a primitive type arrives as undefined (optional parameters);
 * a missing class-typed argument is an error.
 */
export async function checkArguments(specs: readonly ParameterSpec[], args: readonly unknown[], method: string): Promise<unknown[]> {
  if (args.length > specs.length) {
    throw new RpcError('VALIDATION_FAILED', `${method} takes at most ${specs.length} argument(s), got ${args.length}`, [] as FieldFailure[]);
  }
  const failures: FieldFailure[] = [];
  const out = new Array<unknown>(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    const value = args[i];
    if (spec.kind === 'class') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        failures.push(typeFailure(i, spec, `${spec.label} must be an object (${spec.cls.name})`));
        continue;
      }
      const unsafe = unsafePath(value, '', 0);
      if (unsafe !== undefined) {
        const { at = '', ...constraints } = unsafe;
        failures.push({ argument: i, property: at, constraints });
        continue;
      }
      const instance = plainToInstance(spec.cls, value, { enableImplicitConversion: false });
      const errors = await validate(instance, VALIDATOR_OPTIONS);
      if (errors.length) flatten(errors, i, '', failures);
      out[i] = instance;
      continue;
    }
    if (value === undefined || spec.kind === 'any') {
      out[i] = value;
      continue;
    }
    if (spec.kind === 'date') {
      const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) failures.push(typeFailure(i, spec, `${spec.label} must be a date (ISO string or epoch milliseconds)`));
      out[i] = date;
      continue;
    }
    if (!primitiveMatches(spec.kind, value)) {
      failures.push(primitiveFailure(i, spec));
      continue;
    }
    out[i] = value;
  }
  if (failures.length) {
    throw new RpcError('VALIDATION_FAILED', `invalid arguments for ${method}: ${failures.map((f) => `${f.property ? `#${f.argument}.${f.property}` : `#${f.argument}`} (${Object.values(f.constraints).join('; ')})`).join(', ')}`, failures);
  }
  return out;
}


/** The synchronous check for methods whose parameters are all primitives: no promise, no allocation beyond the result. */
export function checkPrimitiveArguments(specs: readonly ParameterSpec[], args: readonly unknown[], method: string): void {
  if (args.length > specs.length) {
    throw new RpcError('VALIDATION_FAILED', `${method} takes at most ${specs.length} argument(s), got ${args.length}`, [] as FieldFailure[]);
  }
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (value !== undefined && !primitiveMatches(specs[i].kind, value)) {
      const spec = specs[i];
      const failure = primitiveFailure(i, spec);
      throw new RpcError('VALIDATION_FAILED', `invalid arguments for ${method}: #${i} (${Object.values(failure.constraints)[0]})`, [failure]);
    }
  }
}
