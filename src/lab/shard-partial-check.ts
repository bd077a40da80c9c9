import { isPlainObject } from '../core/is-plain-object.js';
import { hasControlChars } from '../core/control-chars.js';
import { METRICS } from './compare-summary.js';
import { metricNames } from './metric-values.js';
import { isDefaultOutDirShape } from './out-dir.js';

/**
 * Check of a parsed partial.json, so a damaged, foreign or tampered file is reported as such
 * (exit 2) instead of failing somewhere inside the aggregation or steering the merge: every
 * field is untrusted — the default output directory must be one routesim makes (relative,
 * under results/), metric values must lie in their unit's range (a fraction in [0, 1]) and no
 * text may hold control characters. Returns the first problem.
 */

const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isStrList = (v: unknown): boolean => Array.isArray(v) && v.every(isStr);
const optional = (v: unknown, ok: (x: unknown) => boolean): boolean => v === undefined || ok(v);

export const PARTIAL_FORMAT = 'routesim-partial';
export const PARTIAL_FORMAT_VERSION = 1;

export function checkPartialShape(v: unknown): string | undefined {
  const badText = findControlCharacter(v, '');
  if (badText !== undefined) return `${badText} holds a control character`;
  if (!isPlainObject(v) || v.format !== PARTIAL_FORMAT) return `not a routesim partial result (no "format": "${PARTIAL_FORMAT}")`;
  if (v.formatVersion !== PARTIAL_FORMAT_VERSION) {
    return `has partial format version ${String(v.formatVersion)}; this routesim reads version ${PARTIAL_FORMAT_VERSION}. Re-run the shard with this routesim.`;
  }
  if (!isStr(v.routesimVersion)) return "'routesimVersion' must be text";
  if (v.kind !== 'compare' && v.kind !== 'sweep') return "'kind' must be 'compare' or 'sweep'";
  const sc = v.scenario;
  if (!isPlainObject(sc) || !isStr(sc.file) || !isStr(sc.sha256) || !isPlainObject(sc.base)) return "'scenario' must have file, sha256 and base";
  if (v.kind === 'sweep' ? !(Array.isArray(sc.points) && sc.points.every(isPlainObject)) : sc.points !== undefined) {
    return "'scenario.points' must list the grid points' scenarios (sweep only)";
  }
  const requestProblem = checkRequest(v.request, v.kind);
  if (requestProblem !== undefined) return `'request': ${requestProblem}`;
  if (!isInt(v.jobCount) || v.jobCount < 0) return "'jobCount' must be a whole number >= 0";
  if (!isStr(v.defaultOutDir) || !isDefaultOutDirShape(v.defaultOutDir)) {
    return `'defaultOutDir' must be a directory under results/ as routesim names them, not ${JSON.stringify(v.defaultOutDir)}`;
  }
  const sh = v.shard;
  if (!isPlainObject(sh) || !isInt(sh.count) || !isInt(sh.index) || sh.count < 1 || sh.index < 1 || sh.index > sh.count) {
    return "'shard' must be { index, count } with 1 <= index <= count";
  }
  if (!Array.isArray(v.results)) return "'results' must be a list";
  for (const [i, r] of v.results.entries()) {
    const problem = checkJobResult(r, v.jobCount);
    if (problem !== undefined) return `results[${i}]: ${problem}`;
  }
  return undefined;
}

function checkRequest(r: unknown, kind: 'compare' | 'sweep'): string | undefined {
  if (!isPlainObject(r) || r.kind !== kind) return `must be an object of kind '${kind}'`;
  if (!optional(r.replications, isInt)) return "'replications' must be a whole number";
  if (!optional(r.seed, (s) => isStr(s) || typeof s === 'number')) return "'seed' must be a number or text";
  if (kind === 'compare') {
    if (!isStrList(r.strategies)) return "'strategies' must be a list of names";
    if (!optional(r.baseline, isStr)) return "'baseline' must be text";
    return undefined;
  }
  if (!optional(r.strategies, isStrList)) return "'strategies' must be a list of names";
  const axisOk = (a: unknown) =>
    isPlainObject(a) && isStr(a.path) && Array.isArray(a.values) && a.values.every((x) => isStr(x) || typeof x === 'number' || typeof x === 'boolean');
  if (!Array.isArray(r.axes) || !r.axes.every(axisOk)) return "'axes' must be a list of { path, values }";
  return undefined;
}

function checkJobResult(r: unknown, jobCount: number): string | undefined {
  if (!isPlainObject(r) || !isInt(r.job) || r.job < 0 || r.job >= jobCount) return `'job' must be a job index below ${jobCount}`;
  if (!isStr(r.label)) return "'label' must be text";
  const res = r.result;
  if (!isPlainObject(res)) return "'result' must be an object";
  if (res.kind === 'claims') {
    const verdictOk = (x: unknown) => isPlainObject(x) && isStr(x.claim) && isStr(x.measured) && typeof x.held === 'boolean' && isStr(x.detail);
    return Array.isArray(res.verdicts) && res.verdicts.every(verdictOk) ? undefined : "'verdicts' must be a list of claim verdicts";
  }
  if (res.kind !== 'cell' || !isPlainObject(res.cell)) return "'result' must be a cell or claims result";
  const values = res.cell.values;
  if (!isPlainObject(values)) return "'values' must be an object";
  for (const m of metricNames()) {
    const x = values[m];
    if (typeof x !== 'number') return `metric '${m}' is missing`;
    const range = METRIC_RANGE[METRICS[m].unit];
    if (!Number.isNaN(x) && !(x >= range[0] && x <= range[1])) return `metric '${m}' is ${x}, outside ${range[0]}..${range[1]}`;
  }
  const sample = res.cell.sample;
  if (sample !== undefined) {
    const lists = ['timeseries', 'deploymentIds', 'latencyCdf', 'incidents', 'healthTimeline'];
    if (!isPlainObject(sample) || !lists.every((k) => Array.isArray(sample[k]))) return "'sample' must hold the chart lists of replication 1";
  }
  return undefined;
}

/** What a metric of each unit can be (NaN, "undefined for this run", is allowed for all). */
const METRIC_RANGE: Record<(typeof METRICS)[keyof typeof METRICS]['unit'], readonly [number, number]> = {
  fraction: [0, 1],
  USD: [0, Number.MAX_VALUE],
  ms: [0, Number.MAX_VALUE],
  s: [0, Number.MAX_VALUE],
  count: [0, Number.MAX_VALUE],
};


/** The path of the first string (value or key) holding a control character, if any. */
function findControlCharacter(v: unknown, path: string): string | undefined {
  if (typeof v === 'string') return hasControlChars(v) ? path || 'the file' : undefined;
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const found = findControlCharacter(x, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      const at = path === '' ? `'${k}'` : `${path}.${k}`;
      if (hasControlChars(k)) return `a key in ${path || 'the file'}`;
      const found = findControlCharacter(x, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
