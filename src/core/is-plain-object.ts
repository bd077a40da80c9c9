/** A non-null, non-array object: a mapping as YAML/JSON documents and options bags have them. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
