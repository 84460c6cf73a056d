import type { Guard } from './guard';
import { checkArguments, checkPrimitiveArguments } from './argument-check';
import { RedactableRpcError } from './error-mapper';
import type { ParameterSpec } from './parameter-spec';
import type { ValidationLimits } from './validation-options';

/** Something that calls user code: an RPC method or a channel's `@Subscribe` handler. */
export interface Invocable {
  /** For messages: `chat.send`, `room:{id} typing`. */
  readonly name: string;
  readonly fn: (...args: unknown[]) => unknown;
  /** Position of the `@Ctx()` parameter, or -1. */
  readonly ctxIndex: number;
  /** Checks of the wire arguments, in order (the ctx parameter excluded). */
  readonly params: readonly ParameterSpec[];
  /** Global, class and method guards, in that order. */
  readonly guards: readonly Guard[];
  /** True when every parameter is checked synchronously (no class validation, no conversion). */
  readonly plain: boolean;
  /** The app's `validation` limits, applied to class-typed arguments (carried here so that two apps in one process keep their own). */
  readonly limits: ValidationLimits;
}

/** Whether `params` need no asynchronous validation or conversion. */
export function isPlain(params: readonly ParameterSpec[]): boolean {
  return params.every((p) => p.kind !== 'class' && p.kind !== 'date');
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs `guards` in order; the first that does not return exactly true refuses with FORBIDDEN (or
 * throws its own RpcError). The refusal names the guard (`IsAdmin refused auth.secret`) except in
 * production, where it says only what was refused (`auth.secret was refused`).
 */
export async function runGuards(guards: readonly Guard[], ctx: Parameters<Guard['canActivate']>[0], what: string): Promise<void> {
  for (const guard of guards) {
    let allowed = guard.canActivate(ctx);
    if (isThenable(allowed)) allowed = await allowed;
    if (allowed !== true) {
      throw new RedactableRpcError('FORBIDDEN', `${guard.constructor.name} refused ${what}`, undefined, () => ({ code: 'FORBIDDEN', message: `${what} was refused` }));
    }
  }
}

/** Guards → argument checks → the call, with the context spliced in at its parameter. */
export async function invoke(target: Invocable, instance: object, args: unknown[], ctx: Parameters<Guard['canActivate']>[0]): Promise<unknown> {
  if (target.guards.length > 0) await runGuards(target.guards, ctx, target.name);
  let callArgs: unknown[];
  if (target.plain) {
    checkPrimitiveArguments(target.params, args, target.name);
    callArgs = args;
  } else {
    callArgs = await checkArguments(target.params, args, target.name, target.limits);
  }
  const result = call(target, instance, callArgs, ctx);
  return isThenable(result) ? await result : result;
}

/** Calls the method with checked `args`, the context spliced in at its `@Ctx()` position. Returns what the method returned. */
export function call(target: Invocable, instance: object, args: unknown[], ctx: unknown): unknown {
  if (target.ctxIndex >= 0) {
    if (args.length < target.ctxIndex) args.length = target.ctxIndex;
    args.splice(target.ctxIndex, 0, ctx);
  }
  return target.fn.apply(instance, args);
}
