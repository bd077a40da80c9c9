import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainObject } from '../../../core/is-plain-object.js';
import { readUserFile } from '../../../core/user-file.js';
import { ServegenDataError } from './servegen-errors.js';

/**
 * ServeGen per-client statistics (Alibaba ServeGen, Apache-2.0): for each client,
 * `chunk-<id>-trace.csv` has one line per window (10 minutes in the released data):
 * `startS,ratePerS,cv,family,shape,scale` with family Gamma, Weibull or Exponential (empty
 * when the client was silent), and `chunk-<id>-dataset.json` maps window starts (6 hours
 * apart) to token-length PMFs written as Python dict text (`"{45: 0.0097, 46: 0.0117}"`).
 */

export type IatFamily = 'Gamma' | 'Weibull' | 'Exponential';

export interface RateWindow {
  readonly startS: number;
  readonly ratePerS: number;
  readonly cv: number;
  readonly family: IatFamily | undefined;
  /** Fitted shape (Gamma k, Weibull k); the scale is re-derived from the rate. */
  readonly shape: number;
}

/** A token-length PMF: values with their probabilities (sum > 0). */
export interface Pmf {
  readonly values: Float64Array;
  readonly probs: Float64Array;
}

export interface LengthWindow {
  readonly startS: number;
  readonly input: Pmf | undefined;
  readonly output: Pmf | undefined;
}

export interface ServegenClient {
  readonly id: string;
  readonly traceFile: string;
  readonly datasetFile: string;
  readonly windowS: number;
  /** Length of the timeline the windows cover (a day in the released data); time wraps at it. */
  readonly periodS: number;
  readonly windows: readonly RateWindow[];
}

const TRACE_RE = /^chunk-(.+)-trace\.csv$/;
const FAMILIES = new Set(['Gamma', 'Weibull', 'Exponential']);

/** The clients of a ServeGen data folder, sorted by id (numerically when ids are numbers). */
export function listServegenClients(dir: string): ServegenClient[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ServegenDataError(dir, code === 'ENOENT' ? 'ServeGen data folder not found' : `cannot read the folder (${code ?? (e as Error).message})`);
  }
  const ids = names.map((n) => TRACE_RE.exec(n)?.[1]).filter((x): x is string => x !== undefined);
  if (ids.length === 0) throw new ServegenDataError(dir, 'no chunk-<id>-trace.csv files (is this a ServeGen data folder such as data/reason/deepseek-r1?)');
  ids.sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
  return ids.map((id) => readClientTrace(dir, id));
}

function readClientTrace(dir: string, id: string): ServegenClient {
  const traceFile = join(dir, `chunk-${id}-trace.csv`);
  const lines = readUserFile(traceFile, (detail) => new ServegenDataError(traceFile, detail)).split(/\r?\n/);
  const windows: RateWindow[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const f = line.split(',');
    const bad = (why: string) => new ServegenDataError(`${traceFile}:${i + 1}`, why);
    if (f.length < 6) throw bad(`expected 6 fields (startS,rate,cv,family,shape,scale), got ${f.length}`);
    const startS = Number(f[0]), ratePerS = Number(f[1]), cv = f[2] === '' ? NaN : Number(f[2]);
    if (!Number.isFinite(startS) || !(ratePerS >= 0) || !Number.isFinite(ratePerS)) throw bad(`bad start or rate: ${line}`);
    const family = f[3] === '' ? undefined : f[3];
    if (family !== undefined && !FAMILIES.has(family)) throw bad(`unknown inter-arrival family '${family}'`);
    const shape = Number(f[4]);
    if (family !== undefined && family !== 'Exponential' && !(shape > 0 && Number.isFinite(shape))) throw bad(`bad ${family} shape '${f[4]}'`);
    if (windows.length > 0 && startS <= windows[windows.length - 1].startS) throw bad('window starts must increase');
    windows.push({ startS, ratePerS, cv, family: family as IatFamily | undefined, shape });
  });
  if (windows.length === 0) throw new ServegenDataError(traceFile, 'no windows');
  const windowS = windows.length > 1 ? windows[1].startS - windows[0].startS : 600;
  windows.forEach((w, i) => {
    if (Math.abs(w.startS - windows[0].startS - i * windowS) > 1e-6) {
      throw new ServegenDataError(`${traceFile}:${i + 1}`, `windows must be evenly spaced (${windowS} s)`);
    }
  });
  if (windows[0].startS !== 0) throw new ServegenDataError(traceFile, 'the first window must start at 0');
  return { id, traceFile, datasetFile: join(dir, `chunk-${id}-dataset.json`), windowS, periodS: windows.length * windowS, windows };
}

/** Parses Python dict text of numbers (`{45: 0.0097, 46: 1e-05}`) into a PMF; undefined when empty. */
export function parsePythonPmf(text: string, where: string): Pmf | undefined {
  const body = text.trim();
  if (!body.startsWith('{') || !body.endsWith('}')) throw new ServegenDataError(where, 'a PMF must be a {value: probability, ...} text');
  const inner = body.slice(1, -1).trim();
  if (inner === '') return undefined;
  const items = inner.split(',');
  const values = new Float64Array(items.length);
  const probs = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const colon = items[i].indexOf(':');
    const v = colon < 0 ? NaN : Number(items[i].slice(0, colon));
    const p = colon < 0 ? NaN : Number(items[i].slice(colon + 1));
    if (!Number.isFinite(v) || !(p >= 0) || !Number.isFinite(p)) throw new ServegenDataError(where, `bad PMF entry '${items[i].trim()}'`);
    values[i] = v;
    probs[i] = p;
    total += p;
  }
  return total > 0 ? { values, probs } : undefined;
}

/** The client's token-length PMFs per window, sorted by window start. */
export function readClientLengths(client: ServegenClient): LengthWindow[] {
  const text = readUserFile(client.datasetFile, (detail) => new ServegenDataError(client.datasetFile, detail));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ServegenDataError(client.datasetFile, `not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(raw)) throw new ServegenDataError(client.datasetFile, 'expected an object of windows');
  const out: LengthWindow[] = [];
  for (const [key, w] of Object.entries(raw)) {
    const startS = Number(key);
    const where = `${client.datasetFile} (window ${key})`;
    if (!Number.isFinite(startS) || typeof w !== 'object' || w === null) throw new ServegenDataError(where, 'a window must map input_tokens / output_tokens to PMF texts');
    const fields = w as Record<string, unknown>;
    const pmf = (name: string) => {
      const t = fields[name];
      if (t === undefined) return undefined;
      if (typeof t !== 'string') throw new ServegenDataError(`${where} ${name}`, 'expected PMF text');
      return parsePythonPmf(t, `${where} ${name}`);
    };
    out.push({ startS, input: pmf('input_tokens'), output: pmf('output_tokens') });
  }
  return out.sort((a, b) => a.startS - b.startS);
}

