import { SocketStreamError } from '../errors/socketstream-error';

/**
 * `createApp({ validation })`: bounds on the shape of a class-typed (DTO) argument, checked
 * before class-transformer and class-validator see it, and on the size of a `VALIDATION_FAILED`
 * reply. The same limits apply to RPC arguments and to data pushed into a channel's
 * `@Subscribe` handler.
 *
 * class-transformer's work grows with the square of an object's key count, and class-validator
 * spends microseconds per nested object, all synchronously: one frame within `ws.maxPayload`
 * could otherwise hold the event loop for seconds. With the defaults, the costliest argument
 * measured (an array of 1,000 empty objects where nested DTOs are expected) takes about 4 ms to
 * check on a 2-core machine.
 * An argument over a limit is refused with `VALIDATION_FAILED`, its detail naming the limit
 * (`{ property: 'items', constraints: { maxArrayLength: 'more than 1000 items' } }`).
 *
 * Every value is a positive integer.
 */
export interface ValidationOptions {
  /**
   * Deepest nesting of objects and arrays inside an argument (the argument itself is level 0).
   * Default 32. class-transformer recurses once per level: thousands of levels exhaust its stack.
   */
  maxDepth?: number;
  /** Most keys in any one object of an argument. Default 1000. */
  maxKeys?: number;
  /** Most items in any one array of an argument. Default 1000. */
  maxArrayLength?: number;
  /**
   * Most values inside one argument in all: every property value and every array item, at any
   * depth (a nested object or array is one value, and so is each of its own values); the
   * argument itself is not counted. So an argument with `maxKeys` keys of plain values passes
   * at the defaults, but one whose `items` array holds `maxArrayLength` items counts one more
   * (`items` itself): it is this total, not the per-object and per-array limits, that bounds
   * most large arguments. Default 1000. Raise it (with the others) for bulk payloads, knowing
   * that each value costs class-transformer and class-validator about 1–4 µs of synchronous work.
   */
  maxNodes?: number;
  /**
   * Most failing fields listed in a `VALIDATION_FAILED` reply's `details`; the reply's message
   * ends with how many more there were (`… and 44,980 more`). Default 20.
   */
  maxFailures?: number;
}

/** The limits an app runs with: every member of `ValidationOptions`, defaults filled in. */
export type ValidationLimits = Readonly<Required<ValidationOptions>>;

/** The defaults, chosen so that the costliest argument they allow takes a few ms to check on a small machine. */
export const DEFAULT_VALIDATION_LIMITS: ValidationLimits = Object.freeze({
  maxDepth: 32,
  maxKeys: 1000,
  maxArrayLength: 1000,
  maxNodes: 1000,
  maxFailures: 20,
});

/** Fills in the defaults of `options` and checks each value; throws `SS_ERR_INVALID_OPTION` naming the first bad one. */
export function resolveValidationOptions(options: ValidationOptions = {}): ValidationLimits {
  const limits = { ...DEFAULT_VALIDATION_LIMITS };
  for (const name of Object.keys(DEFAULT_VALIDATION_LIMITS) as Array<keyof ValidationLimits>) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new SocketStreamError('SS_ERR_INVALID_OPTION', `validation.${name} must be a positive integer, got ${String(value)}`);
    }
    limits[name] = value;
  }
  return Object.freeze(limits);
}
