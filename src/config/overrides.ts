import { parseDocument } from 'yaml';
import { ScenarioError, type PathSegment, type ScenarioIssue } from './scenario-error.js';
import { isPlainObject } from '../core/is-plain-object.js';
import { findDuplicateKeys } from './yaml-duplicate-keys.js';
import { explainYamlError, YAML_OPTIONS } from './yaml-source.js';

/**
 * Overrides: `{ 'router.strategy': 'p2c', 'providers.openai.weight': 3, durationS: 60 }`
 * applied to the file's raw value before validation, so an overridden value is validated
 * (and explained) like one written in the file. Path syntax: dot-separated keys, `[n]` or a
 * numeric segment for list items, and — inside a list of objects with `id`s — an id selects
 * the item (`providers.openai.weight`).
 */

export type ScenarioOverrides = Readonly<Record<string, unknown>>;

export const OVERRIDE_SOURCE = '<overrides>';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function parseOverridePath(spec: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of spec.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m || part === '' || (m[1] === '' && out.length === 0)) throw overrideError(spec, `malformed path '${spec}'`);
    if (m[1] !== '') out.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  const bad = out.find((s) => typeof s === 'string' && FORBIDDEN.has(s));
  if (bad !== undefined) throw overrideError(spec, `'${bad}' cannot be overridden`);
  return out;
}

function overrideError(spec: string, message: string): ScenarioError {
  return new ScenarioError(OVERRIDE_SOURCE, { path: [], message: `${spec}: ${message}` });
}

/**
 * `key=value` as given on a command line: the value is read as YAML (so `3` is a number,
 * `[a, b]` a list, `{kind: exponential, mean: 5}` a mapping).
 */
export function parseOverrideArg(arg: string): [string, unknown] {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw overrideError(arg, "expected 'path=value'");
  const path = arg.slice(0, eq).trim();
  parseOverridePath(path);
  // Read like a scenario file (no YAML 1.1 Map/Set/Date from !!omap, !!set, !!timestamp); a tag
  // it cannot resolve is refused, not read as a plain string.
  const doc = parseDocument(arg.slice(eq + 1), { ...YAML_OPTIONS, merge: false });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem !== undefined) throw overrideError(path, `cannot read the value: ${explainYamlError(problem)}`);
  const duplicate = findDuplicateKeys(doc)[0];
  if (duplicate !== undefined) throw overrideError(path, `cannot read the value: duplicate key '${duplicate.path[duplicate.path.length - 1]}'`);
  try {
    return [path, doc.toJS({ maxAliasCount: 0 })];
  } catch (e) {
    throw overrideError(path, `cannot read the value: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}


/**
 * Applies overrides to a copy of `raw`. Returns the new value and the concrete paths that were
 * set (ids resolved to indices), for marking errors that come from an override.
 */
export function applyOverrides(raw: unknown, overrides: ScenarioOverrides): { value: unknown; paths: PathSegment[][] } {
  const root: unknown = structuredClone(raw);
  const paths: PathSegment[][] = [];
  const issues: ScenarioIssue[] = [];
  for (const [spec, val] of Object.entries(overrides)) {
    const path = parseOverridePath(spec);
    const concrete: PathSegment[] = [];
    let node: unknown = root;
    for (let i = 0; i < path.length; i++) {
      let seg = path[i];
      const last = i === path.length - 1;
      if (Array.isArray(node) && typeof seg === 'string') {
        const idx = node.findIndex((x) => isPlainObject(x) && x.id === seg);
        if (idx < 0) {
          issues.push({ path: concrete, message: `override '${spec}': no item with id '${seg}'` });
          break;
        }
        seg = idx;
      }
      concrete.push(seg);
      if (!(Array.isArray(node) && typeof seg === 'number') && !isPlainObject(node)) {
        issues.push({ path: concrete.slice(0, -1), message: `override '${spec}': cannot set a key inside a ${node === null ? 'null' : typeof node}` });
        break;
      }
      const container = node as Record<PathSegment, unknown>;
      if (last) {
        container[seg] = structuredClone(val);
        paths.push(concrete);
      } else {
        if (container[seg] === undefined || container[seg] === null) container[seg] = typeof path[i + 1] === 'number' ? [] : {};
        node = container[seg];
      }
    }
  }
  if (issues.length > 0) throw new ScenarioError(OVERRIDE_SOURCE, issues);
  return { value: root, paths };
}
