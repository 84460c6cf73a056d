import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { RpcError } from '../protocol/rpc-error';
import { RedactableRpcError } from './error-mapper';
import type { ParameterSpec } from './parameter-spec';
import type { ValidationLimits } from './validation-options';

/** One failing field in `VALIDATION_FAILED` details. */
export interface FieldFailure {
  /** Position of the argument among those the client sends (0-based). */
  argument: number;
  /** Dotted path inside the argument (`address.city`, `lines.3.qty`), or '' for the argument itself; cut to 100 characters and '…'. */
  property: string;
  /**
   * Constraint name → message, as class-validator reports them (each cut to 200 characters and
   * '…'), or the limit of `createApp({ validation })` that was exceeded (`{ maxKeys: 'more than 1000 keys' }`).
   */
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

/** Longest property path quoted in a reply: paths are made of keys the client chose, and a key can be a megabyte long. */
const MAX_QUOTED_PATH = 100;
/** Longest constraint message in a reply (class-validator's messages quote property names, which the client chose). */
const MAX_CONSTRAINT_MESSAGE = 200;
/** Longest list of failures in the summary message, before the count of those not listed. */
const MAX_SUMMARY = 1000;

/** `text` cut to its first `max` characters plus '…' when longer. */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The limit a DTO argument broke, and where: `path` holds the keys from the place up to the argument, innermost first. */
interface ShapeProblem {
  limit: 'maxDepth' | 'maxKeys' | 'maxArrayLength' | 'maxNodes' | 'forbiddenKey';
  path: string[];
}

/**
 * The first limit `value` (an object or array at `depth`) breaks, or undefined. Runs before
 * class-transformer, whose cost grows with the square of an object's key count. Linear in the
 * values visited, and it stops at the first problem: a container's size is checked (and its
 * keys or items counted against `maxNodes`) before anything inside it is visited.
 */
function shapeProblem(value: object, depth: number, limits: ValidationLimits, count: { nodes: number }): ShapeProblem | undefined {
  if (depth > limits.maxDepth) return { limit: 'maxDepth', path: [] };
  if (Array.isArray(value)) {
    const items = value as unknown[];
    if (items.length > limits.maxArrayLength) return { limit: 'maxArrayLength', path: [] };
    if ((count.nodes += items.length) > limits.maxNodes) return { limit: 'maxNodes', path: [] };
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item !== 'object' || item === null) continue;
      const inner = shapeProblem(item, depth + 1, limits, count);
      if (inner) {
        inner.path.push(String(i));
        return inner;
      }
    }
    return undefined;
  }
  // Counting keys means listing them: an oversized object is read whole once (9 ms for 50,000
  // keys, less than JSON.parse spent making it), but nothing inside it is visited.
  const keys = Object.keys(value);
  if (keys.length > limits.maxKeys) return { limit: 'maxKeys', path: [] };
  if ((count.nodes += keys.length) > limits.maxNodes) return { limit: 'maxNodes', path: [] };
  for (const key of keys) {
    if (POISONED.has(key)) return { limit: 'forbiddenKey', path: [key] };
    const item = (value as Record<string, unknown>)[key];
    if (typeof item !== 'object' || item === null) continue;
    const inner = shapeProblem(item, depth + 1, limits, count);
    if (inner) {
      inner.path.push(key);
      return inner;
    }
  }
  return undefined;
}

/** The failure reporting a shape problem of argument `argument`. */
function shapeFailure(argument: number, problem: ShapeProblem, limits: ValidationLimits): FieldFailure {
  const property = clip(problem.path.reverse().join('.'), MAX_QUOTED_PATH);
  let message: string;
  switch (problem.limit) {
    case 'maxDepth': message = `nested deeper than ${limits.maxDepth} levels`; break;
    case 'maxKeys': message = `more than ${limits.maxKeys} keys`; break;
    case 'maxArrayLength': message = `more than ${limits.maxArrayLength} items`; break;
    case 'maxNodes': message = `more than ${limits.maxNodes} values in all`; break;
    case 'forbiddenKey': message = `property ${property} is not allowed`; break;
  }
  return { argument, property, constraints: { [problem.limit]: message } };
}

/**
 * The failures of one call: the first `max` kept, the rest only counted, so that 45,000 invalid
 * items cost a counter rather than a 16 MB reply. Failures whose message names a server-side
 * class carry a production variant without the name.
 */
class FailureList {
  readonly listed: FieldFailure[] = [];
  omitted = 0;
  /** Production constraints of the listed failures whose message names a class. */
  readonly redacted = new Map<FieldFailure, Record<string, string>>();

  constructor(private readonly max: number) {}

  get full(): boolean {
    return this.listed.length >= this.max;
  }

  add(failure: FieldFailure, production?: Record<string, string>): void {
    if (this.full) {
      this.omitted++;
      return;
    }
    this.listed.push(failure);
    if (production) this.redacted.set(failure, production);
  }

  /** Counts a class-validator error and its children once the list is full, without building their paths. */
  skip(error: ValidationError): void {
    if (error.constraints) this.omitted++;
    if (error.children) for (const child of error.children) this.skip(child);
  }
}

function flatten(errors: readonly ValidationError[], argument: number, prefix: string, out: FailureList): void {
  for (const e of errors) {
    if (out.full) {
      out.skip(e);
      continue;
    }
    const property = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out.add({ argument, property: clip(property, MAX_QUOTED_PATH), constraints: clipped(e.constraints) });
    if (e.children?.length) flatten(e.children, argument, property, out);
  }
}

/** A copy of class-validator's constraint messages, each cut to `MAX_CONSTRAINT_MESSAGE`. */
function clipped(constraints: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(constraints)) out[key] = clip(constraints[key], MAX_CONSTRAINT_MESSAGE);
  return out;
}

function typeFailure(argument: number, spec: ParameterSpec, message: string): FieldFailure {
  return { argument, property: '', constraints: { [`is${spec.kind[0].toUpperCase()}${spec.kind.slice(1)}`]: message } };
}

function primitiveFailure(argument: number, spec: ParameterSpec): FieldFailure {
  const what = spec.kind === 'array' ? 'an array' : spec.kind === 'number' ? 'a finite number' : `a ${spec.kind}`;
  return typeFailure(argument, spec, `${spec.label} must be ${what}`);
}

function primitiveMatches(kind: ParameterSpec['kind'], value: unknown): boolean {
  switch (kind) {
    case 'string': return typeof value === 'string';
    // JSON reads 1e309 as Infinity; no method expecting a number expects that.
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    default: return true;
  }
}

const COUNT = new Intl.NumberFormat('en-US');

/** `invalid arguments for m: #0.a (…), #1 (…) and 44,980 more`: the listed failures (cut at `MAX_SUMMARY`), then the count of the others. */
function summary(method: string, listed: readonly FieldFailure[], omitted: number): string {
  const parts = listed.map((f) => `${f.property ? `#${f.argument}.${f.property}` : `#${f.argument}`} (${Object.values(f.constraints).join('; ')})`).join(', ');
  const more = omitted > 0 ? ` and ${COUNT.format(omitted)} more` : '';
  return `invalid arguments for ${method}: ${clip(parts, MAX_SUMMARY)}${more}`;
}

/** The `VALIDATION_FAILED` error of `failures`; in production, without the class names some messages carry. */
function validationFailed(method: string, failures: FailureList): RpcError<FieldFailure[]> {
  const { listed, omitted, redacted } = failures;
  const message = summary(method, listed, omitted);
  if (redacted.size === 0) return new RpcError('VALIDATION_FAILED', message, listed);
  return new RedactableRpcError('VALIDATION_FAILED', message, listed, () => {
    const details = listed.map((f) => {
      const constraints = redacted.get(f);
      return constraints ? { ...f, constraints } : f;
    });
    return { code: 'VALIDATION_FAILED', message: summary(method, details, omitted), details };
  });
}

/**
 * Checks positional wire arguments against the method's parameters and returns the values the
 * method receives (class instances for class-typed parameters). Throws `VALIDATION_FAILED`
 * listing the first `limits.maxFailures` failing fields; its message ends with how many more
 * there were (`… and 44,980 more`).
 *
 * A class-typed argument is first checked against `limits` (nesting, keys per object, items per
 * array, values in all) and for keys that would reach a prototype; one that fails is not
 * transformed at all.
 *
 * A missing trailing argument of a primitive type arrives as undefined (optional parameters);
 * a missing class-typed argument is an error.
 */
export async function checkArguments(
  specs: readonly ParameterSpec[],
  args: readonly unknown[],
  method: string,
  limits: ValidationLimits,
): Promise<unknown[]> {
  if (args.length > specs.length) {
    throw new RpcError('VALIDATION_FAILED', `${method} takes at most ${specs.length} argument(s), got ${args.length}`, [] as FieldFailure[]);
  }
  const failures = new FailureList(limits.maxFailures);
  const out = new Array<unknown>(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    const value = args[i];
    if (spec.kind === 'class') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        const production = { isObject: `${spec.label} must be an object` };
        failures.add({ argument: i, property: '', constraints: { isObject: `${production.isObject} (${spec.cls.name})` } }, production);
        continue;
      }
      // maxNodes counts the values inside the argument, not the argument itself.
      const problem = shapeProblem(value, 0, limits, { nodes: 0 });
      if (problem !== undefined) {
        failures.add(shapeFailure(i, problem, limits));
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
      if (!date || Number.isNaN(date.getTime())) failures.add(typeFailure(i, spec, `${spec.label} must be a date (ISO string or epoch milliseconds)`));
      out[i] = date;
      continue;
    }
    if (!primitiveMatches(spec.kind, value)) {
      failures.add(primitiveFailure(i, spec));
      continue;
    }
    out[i] = value;
  }
  if (failures.listed.length) throw validationFailed(method, failures);
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

/**
 * Checks a payload that no declared type describes (a custom responder's message) against the
 * same limits as a DTO argument (`createApp({ validation })`: depth, keys, items, values) and
 * refuses the keys that would reach a prototype (`__proto__`, `constructor`, `prototype`), so
 * that code merging it into another object cannot be polluted.
 *
 * @throws RpcError `BAD_REQUEST` naming the limit and the path, prefixed with `what`
 */
export function checkPayload(value: unknown, limits: ValidationLimits, what: string): void {
  if (typeof value !== 'object' || value === null) return;
  const problem = shapeProblem(value, 0, limits, { nodes: 0 });
  if (problem === undefined) return;
  const failure = shapeFailure(0, problem, limits);
  const message = failure.constraints[problem.limit];
  throw new RpcError('BAD_REQUEST', `${what}: ${failure.property === '' || problem.limit === 'forbiddenKey' ? message : `${failure.property}: ${message}`}`, {
    property: failure.property,
    limit: problem.limit,
  });
}
