/**
 * A record's own entry for `key`, or undefined. Records parsed from config are plain objects:
 * a key that comes from outside (a tenant header, a trace's model column) such as
 * "constructor" or "__proto__" must not read Object.prototype's members.
 */
export function ownEntry<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
