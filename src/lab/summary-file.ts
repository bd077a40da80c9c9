import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_MARKER, addToManifest, pathInside } from './atomic-dir.js';
import { writeFileAtomic } from '../core/atomic-file.js';
import { SUMMARY_SCHEMA_VERSION } from './compare-summary.js';
import { ResultsFormatError } from './errors.js';
import { renderToMemory, type AnySummary, type ReportRenderer } from './results-writer.js';
import { parseStableJson } from './stable-json.js';
import { isPlainObject } from '../core/is-plain-object.js';


/** Reads and checks `<dir>/summary.json` (schema version, kind, the arrays a renderer needs). */
export function readSummaryFile(dir: string): AnySummary {
  const file = join(dir, RESULTS_MARKER);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ResultsFormatError(`${dir}: no such results directory`);
  if (!existsSync(file)) {
    throw new ResultsFormatError(`${dir}: no ${RESULTS_MARKER} here; is this a directory written by 'routesim compare' or 'routesim sweep'?`);
  }
  let value: unknown;
  try {
    value = parseStableJson(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ResultsFormatError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return checkSummary(value, file);
}

export function checkSummary(value: unknown, file: string): AnySummary {
  if (!isPlainObject(value)) throw new ResultsFormatError(`${file}: expected a JSON object`);
  const version = value.schemaVersion;
  if (version !== SUMMARY_SCHEMA_VERSION) {
    const got = typeof version === 'number' && !Number.isNaN(version) ? `schemaVersion ${version}` : 'no schemaVersion';
    throw new ResultsFormatError(`${file}: has ${got}; this routesim reads schemaVersion ${SUMMARY_SCHEMA_VERSION}. Re-run the comparison to regenerate it.`);
  }
  if (value.kind === 'compare') {
    if (!Array.isArray(value.strategies) || !value.strategies.every(isPlainObject)) throw new ResultsFormatError(`${file}: 'strategies' must be a list`);
  } else if (value.kind === 'sweep') {
    if (!Array.isArray(value.points) || !Array.isArray(value.axes)) throw new ResultsFormatError(`${file}: 'points' and 'axes' must be lists`);
  } else {
    throw new ResultsFormatError(`${file}: 'kind' must be 'compare' or 'sweep'`);
  }
  if (!isPlainObject(value.scenario)) throw new ResultsFormatError(`${file}: 'scenario' must be an object`);
  return value as unknown as AnySummary;
}

/** Re-renders the report files of an existing results directory (each file replaced atomically). */
export async function rerenderReport(dir: string, render: ReportRenderer): Promise<string[]> {
  const summary = readSummaryFile(dir);
  const files = await renderToMemory(summary, render);
  // All rendering is done before the first write: the writes below run without a pause.
  for (const [rel, content] of files) writeFileAtomic(pathInside(dir, rel), content);
  addToManifest(dir, files.map(([rel]) => rel));
  return files.map(([rel]) => rel).sort();
}
