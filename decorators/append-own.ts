/** Appends to an array kept as own metadata of `target`, so a subclass never mutates its base's list. */
export function appendOwnMetadata<T>(key: string, target: object, item: T): void {
  const list = (Reflect.getOwnMetadata(key, target) as T[] | undefined) ?? [];
  Reflect.defineMetadata(key, [...list, item], target);
}
