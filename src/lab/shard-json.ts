/**
 * Lossless JSON for partial results. Plain JSON cannot hold NaN, ±Infinity, −0 or a property
 * that is present but undefined, and metric values have all of them (NaN: no incident was
 * detected). Each is written as a one-key object `{"~": "NaN"}` and restored on reading, so
 * a merged result aggregates exactly the numbers the shard computed. Real keys starting with
 * `~` are escaped with one more `~`, so no real object is ever read as a tag. Finite numbers
 * round-trip exactly (JSON writes the shortest decimal that reads back as the same double).
 */

const TAG = '~';
const SPECIAL: Record<string, unknown> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0, undefined };

/** Own property even for the key `__proto__` (JSON text may hold one; plain assignment would set the prototype). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function encode(v: unknown): unknown {
  if (v === undefined) return { [TAG]: 'undefined' };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { [TAG]: 'NaN' };
    if (v === Infinity) return { [TAG]: 'Infinity' };
    if (v === -Infinity) return { [TAG]: '-Infinity' };
    if (Object.is(v, -0)) return { [TAG]: '-0' };
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(encode);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) setOwn(out, k.startsWith(TAG) ? `${TAG}${k}` : k, encode(x));
  return out;
}

function isTag(v: Record<string, unknown>): boolean {
  return Object.prototype.hasOwnProperty.call(v, TAG);
}

function decode(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decode);
  const o = v as Record<string, unknown>;
  if (isTag(o)) {
    const name = o[TAG];
    if (Object.keys(o).length !== 1 || typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(SPECIAL, name)) throw new SyntaxError(`unknown tag ${JSON.stringify(o)}`);
    return SPECIAL[name];
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) setOwn(out, k.startsWith(TAG) ? k.slice(TAG.length) : k, decode(x));
  return out;
}

export function toLosslessJson(value: unknown): string {
  return `${JSON.stringify(encode(value))}\n`;
}

/** Throws SyntaxError on malformed JSON. */
export function parseLosslessJson(text: string): unknown {
  return decode(JSON.parse(text));
}
