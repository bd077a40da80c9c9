/**
 * Deterministic JSON: object keys sorted, NaN/±Infinity written as null (JSON has no such
 * numbers), undefined fields dropped. The same value always gives the same bytes, whatever
 * order its objects were built in.
 */
export function toStableJson(value: unknown, indent = 2): string {
  return `${JSON.stringify(normalize(value), null, indent)}\n`;
}

function normalize(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : v;
  if (Array.isArray(v)) return v.map((x) => normalize(x) ?? null);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) {
    const x = normalize((v as Record<string, unknown>)[key]);
    if (x !== undefined) out[key] = x;
  }
  return out;
}

/**
 * Reads JSON written by toStableJson back: null becomes NaN. Summaries have no legitimate nulls
 * (optional fields are left out), so every null there was a non-finite number.
 */
export function parseStableJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => (v === null ? NaN : v));
}
