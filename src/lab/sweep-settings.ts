import { suggestionSuffix } from '../core/did-you-mean.js';
import { parseOverridePath } from '../config/overrides.js';
import { ScenarioError, formatPath, type PathSegment } from '../config/scenario-error.js';
import { scenarioSchema } from '../config/scenario-schema.js';
import { allowedKeysAt } from '../config/schema-keys.js';
import { isSeedRouterConfig } from '../config/seed-router-config.js';
import { SweepSetError } from './errors.js';
import { isPlainObject } from '../core/is-plain-object.js';

/**
 * `--set path=v1,v2,...`: one axis of a sweep grid. Paths use the scenario override syntax
 * (`traffic.arrivals.ratePerS`, `providers.0.capacity.maxConcurrent`, `providers[0]...`, or a
 * provider id in place of the index: `providers.fast.weight`).
 */

export type SettingValue = number | string | boolean;

export interface SweepAxis {
  readonly path: string;
  readonly values: readonly SettingValue[];
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** `10` → 10, `true` → true, `'10'` or "10" → the string 10, anything else → the string. */
export function parseSetValue(text: string): SettingValue {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (NUMBER.test(t)) return Number(t);
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(t);
  if (quoted) return quoted[1] ?? quoted[2];
  return t;
}

/**
 * Splits a value list on the commas outside braces, brackets and quotes, so whole objects can be
 * values: `false,{consecutiveFailures: 3, openMs: 10000}`.
 */
export function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Parses one `--set` argument; values are split on top-level commas (objects in braces may hold commas). */
export function parseSetArg(arg: string): SweepAxis {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new SweepSetError(arg, "expected 'path=value1,value2,...'");
  const path = arg.slice(0, eq).trim();
  const malformed = () => new SweepSetError(path, 'malformed path (use dots, e.g. traffic.arrivals.ratePerS or providers.0.weight)');
  if (path.split('.').some((part) => part === '')) throw malformed();
  try {
    parseOverridePath(path);
  } catch (e) {
    if (e instanceof ScenarioError) throw malformed();
    throw e;
  }
  const parts = splitValues(arg.slice(eq + 1));
  if (parts.some((p) => p.trim() === '')) throw new SweepSetError(path, 'empty value in the list (write path=v1,v2,...)');
  const values = parts.map(parseSetValue);
  const seen = new Set<string>();
  for (const v of values) {
    const key = `${typeof v}:${String(v)}`;
    if (seen.has(key)) throw new SweepSetError(path, `value ${String(v)} is listed twice`);
    seen.add(key);
  }
  return { path, values };
}

/** All `--set` arguments; a path may appear only once. */
export function parseSetArgs(args: readonly string[]): SweepAxis[] {
  if (args.length === 0) throw new SweepSetError('', 'a sweep needs at least one --set path=v1,v2,...');
  const axes = args.map(parseSetArg);
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) throw new SweepSetError(a.path, 'the same path is set twice; put all its values in one --set');
    seen.add(a.path);
  }
  return axes;
}

/** Cartesian product, first axis varying slowest. */
export function sweepGrid(axes: readonly SweepAxis[]): Record<string, SettingValue>[] {
  let grid: Record<string, SettingValue>[] = [{}];
  for (const axis of axes) grid = grid.flatMap((point) => axis.values.map((v) => ({ ...point, [axis.path]: v })));
  return grid;
}


function describeKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? `the string '${v}'` : String(v);
}

/**
 * Checks that `path` names a setting the scenario can have, against the raw scenario value:
 * list items must exist, and keys missing from the file must be keys the schema knows (so a
 * typo is reported as an unknown path, with a suggestion, before anything runs). The values
 * themselves are checked later by the scenario schema.
 */
export function checkSetPath(raw: unknown, path: string): void {
  const segments = parseOverridePath(path);
  const seedRouter = isPlainObject(raw) && isSeedRouterConfig(raw.router);
  const concrete: PathSegment[] = [];
  let node: unknown = raw;
  for (const seg of segments) {
    const where = concrete.length === 0 ? 'the scenario' : formatPath(concrete);
    if (Array.isArray(node)) {
      let index: number;
      if (typeof seg === 'number') index = seg;
      else {
        index = node.findIndex((x) => isPlainObject(x) && x.id === seg);
        if (index < 0) {
          const ids = node.filter(isPlainObject).map((x) => String(x.id));
          throw new SweepSetError(path, `unknown path: ${where} has no item with id '${seg}'${suggestionSuffix(seg, ids)}`);
        }
      }
      if (index >= node.length) {
        throw new SweepSetError(path, `unknown path: ${where} has ${node.length} item${node.length === 1 ? '' : 's'} (indexes 0–${node.length - 1})`);
      }
      concrete.push(index);
      node = node[index];
      continue;
    }
    if (node !== undefined && !isPlainObject(node)) {
      throw new SweepSetError(path, `cannot set a key inside ${where}: it is ${describeKind(node)} in the scenario, not a mapping`);
    }
    if (typeof seg === 'number') throw new SweepSetError(path, `unknown path: ${where} is a mapping, not a list`);
    const present = isPlainObject(node) && Object.prototype.hasOwnProperty.call(node, seg);
    if (!present && !(seedRouter && concrete[0] === 'router')) {
      const allowed = allowedKeysAt(scenarioSchema, raw, concrete);
      // No known keys means a free-form mapping (strategyParams, weights): any key goes.
      if (allowed.length > 0 && !allowed.includes(seg)) {
        throw new SweepSetError(path, `unknown path: ${where} has no setting '${seg}'${suggestionSuffix(seg, allowed)}`);
      }
    }
    concrete.push(seg);
    node = present ? (node as Record<string, unknown>)[seg] : undefined;
  }
}
