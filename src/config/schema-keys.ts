import type { z } from 'zod';
import { distributionSchema, distributionVariantFor } from '../sim/distributions/spec.js';
import type { PathSegment } from './scenario-error.js';
import { isPlainObject } from '../core/is-plain-object.js';

/**
 * Which keys a zod schema allows at a path of a concrete value: the candidates for "did you
 * mean" on unknown keys. Walks zod 4 definitions (`_zod.def`), following the value so that
 * unions pick the variant the value is meant to be (same `kind`), and the hand-dispatched
 * distribution schema picks the variant its `kind` names.
 */

interface Def {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  values?: unknown[];
}

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);
/** Bound on unwrapping steps; guards against pathological self-referencing lazies. */
const MAX_UNWRAP = 50;

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}


/** Whether every literal field of an object schema agrees with the value (e.g. its `kind`). */
function literalsMatch(objectSchema: z.ZodType, value: unknown): boolean {
  const shape = defOf(objectSchema).shape ?? {};
  if (!isPlainObject(value)) return true;
  for (const [key, field] of Object.entries(shape)) {
    const d = defOf(field);
    if (d.type === 'literal' && key in value && !(d.values ?? []).includes(value[key])) return false;
  }
  return true;
}

/** The concrete (non-wrapper) schemas a value at this schema is checked against. */
function resolve(schema: z.ZodType, value: unknown, depth = 0): z.ZodType[] {
  if (depth > MAX_UNWRAP) return [];
  if (schema === distributionSchema) {
    const variant = distributionVariantFor(value);
    return variant === undefined ? [] : resolve(variant, value, depth + 1);
  }
  const d = defOf(schema);
  if (WRAPPERS.has(d.type) && d.innerType) return resolve(d.innerType, value, depth + 1);
  if (d.type === 'lazy' && d.getter) return resolve(d.getter(), value, depth + 1);
  if (d.type === 'pipe' && d.in && d.out) {
    return resolve(defOf(d.in).type === 'transform' ? d.out : d.in, value, depth + 1);
  }
  if (d.type === 'union' && d.options) {
    const all = d.options.flatMap((o) => resolve(o, value, depth + 1));
    const objects = all.filter((o) => defOf(o).type === 'object');
    const matching = objects.filter((o) => literalsMatch(o, value));
    return matching.length > 0 ? [...all.filter((o) => defOf(o).type !== 'object'), ...matching] : all;
  }
  return [schema];
}

function step(schema: z.ZodType, seg: PathSegment): z.ZodType | undefined {
  const d = defOf(schema);
  if (d.type === 'object' && typeof seg === 'string') return d.shape?.[seg];
  if (d.type === 'array' && typeof seg === 'number') return d.element;
  if (d.type === 'record') return d.valueType;
  return undefined;
}

/** The value at `path` inside `root` (own properties only); undefined where the path does not lead. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, seg)) return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

/** The concrete schemas that check the value at `path` of `root`. */
function schemasAt(schema: z.ZodType, root: unknown, path: readonly PathSegment[]): z.ZodType[] {
  let current = resolve(schema, root);
  for (let i = 0; i < path.length && current.length > 0; i++) {
    const value = valueAt(root, path.slice(0, i + 1));
    current = current.flatMap((s) => {
      const next = step(s, path[i]);
      return next === undefined ? [] : resolve(next, value);
    });
  }
  return current;
}

/**
 * Keys an object at `path` may have, per `schema`, given the whole `root` value; empty when the
 * path leads nowhere known (records, unknown kinds).
 */
export function allowedKeysAt(schema: z.ZodType, root: unknown, path: readonly PathSegment[]): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, root, path)) {
    const d = defOf(s);
    if (d.type === 'object') for (const k of Object.keys(d.shape ?? {})) keys.add(k);
  }
  return [...keys];
}
