/**
 * Data derived from a short-lived object (a pub/sub event), computed once and kept on the object
 * itself under a symbol, non-enumerable (spread copies and JSON leave it out), so it goes when the
 * object goes. Not a WeakMap keyed by the object: Node 20's young-generation collector keeps
 * WeakMap entries alive, which would copy every event and what hangs off it into the old
 * generation (`npx tsx bench/gc-promotion.ts` shows the difference). Objects that cannot be
 * extended get a fresh value each time.
 */
export function attached<T>(object: object, key: symbol, create: () => T): T {
  const holder = object as Record<symbol, T | undefined>;
  let value = holder[key];
  if (value === undefined) {
    value = create();
    if (Object.isExtensible(object)) Object.defineProperty(object, key, { value });
  }
  return value;
}
