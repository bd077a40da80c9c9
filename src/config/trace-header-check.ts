import { isPlainObject } from '../core/is-plain-object.js';
import { LineReader } from '../core/line-reader.js';
import { splitCsvLine } from '../core/csv-line.js';
import { columnsFor, isCsvFormat } from '../sim/traffic/trace/row-decoder.js';
import type { PathSegment } from './scenario-error.js';
import type { Scenario } from './scenario-schema.js';
import type { ExplainedIssue } from './zod-issues.js';

/**
 * A CSV trace whose header names a column the replay reads more than once: the replay takes
 * the first, which may not be the one the user meant, and nothing said so. Reads only the
 * header line (the first non-blank one); a file that cannot be read is reported by the run.
 */
export function traceHeaderWarnings(raw: Record<string, unknown>, scenario: Scenario): ExplainedIssue[] {
  const trace = scenario.traffic.trace;
  if (trace === undefined || !isCsvFormat(trace.format)) return [];
  const header = headerFields(trace.path);
  if (header === undefined) return [];
  const rawColumns = isPlainObject(raw.traffic) && isPlainObject(raw.traffic.trace) && isPlainObject(raw.traffic.trace.columns) ? raw.traffic.trace.columns : {};
  const out: ExplainedIssue[] = [];
  for (const [field, name] of Object.entries(columnsFor(trace))) {
    if (name === undefined) continue;
    const at = header.flatMap((h, i) => (h === name ? [i + 1] : []));
    if (at.length < 2) continue;
    const path: PathSegment[] = rawColumns[field] !== undefined ? ['traffic', 'trace', 'columns', field] : ['traffic', 'trace', 'path'];
    out.push({
      path,
      message: `the trace's header names column '${name}' ${at.length} times (fields ${at.join(', ')}); the replay reads field ${at[0]} only: rename the others`,
    });
  }
  return out;
}

function headerFields(path: string): string[] | undefined {
  let reader: LineReader | undefined;
  try {
    reader = new LineReader(path, (detail) => new Error(detail));
    for (let line = reader.next(); line !== undefined; line = reader.next()) {
      if (line.trim() !== '') return splitCsvLine(line).map((f) => f.trim());
    }
    return undefined;
  } catch {
    return undefined; // missing, compressed, malformed: the load or the run says why
  } finally {
    reader?.close();
  }
}
