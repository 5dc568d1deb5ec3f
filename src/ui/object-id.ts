/** Session-local ids for objects (fits, run lists), so job keys can tell two of them apart. */
const ids = new WeakMap<object, number>();
let next = 1;

/** The id of `o`: the same for the same object, a new one for each new object. */
export function objectId(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = next++;
    ids.set(o, id);
  }
  return id;
}
