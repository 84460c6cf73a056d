import { METADATA } from '../../decorators/metadata-keys';
import type { GuardClass } from '../../decorators/use-guards.decorator';
import type { Constructor } from '../container/provider';

/** The prototypes from `cls.prototype` up to (excluding) Object.prototype, base first. */
export function prototypeChain(cls: Constructor): object[] {
  const chain: object[] = [];
  for (let p: object | null = cls.prototype as object; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) chain.unshift(p);
  return chain;
}

function ownGuards(target: object, key?: string): GuardClass[] {
  return ((key === undefined ? Reflect.getOwnMetadata(METADATA.guards, target) : Reflect.getOwnMetadata(METADATA.guards, target, key)) as GuardClass[] | undefined) ?? [];
}

/** Class guards (inherited ones first) then method guards (base declarations first), without repeats. */
export function guardClassesOf(cls: Constructor, key?: string): GuardClass[] {
  const list: GuardClass[] = [];
  const ctors: object[] = [];
  for (let c: object | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as object | null) ctors.unshift(c);
  for (const c of ctors) list.push(...ownGuards(c));
  if (key !== undefined) for (const proto of prototypeChain(cls)) list.push(...ownGuards(proto, key));
  return [...new Set(list)];
}

