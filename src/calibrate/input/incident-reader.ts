import { basename } from 'node:path';
import { parseIsoInstant } from '../../core/civil-time.js';
import { CalibrationInputError } from './calibration-input-error.js';
import { columnIndex, findColumn, withCsv } from './csv-rows.js';
import { numberOf } from './latency-observation.js';

/**
 * Status-page incident lists in the cloud-uptime-archive format (atlarge-research/
 * cloud-uptime-archive, MIT): `start_time,end_time,status,service`, times in seconds (the
 * archive's traces count from the first incident), `status` a severity in [0, 1]. ISO-8601
 * timestamps are accepted too. Streamed row by row.
 */
export interface IncidentRecord {
  readonly group: string;
  readonly startS: number;
  readonly endS: number;
  readonly severity?: number;
}

export interface IncidentInputOptions {
  /** service (the CSV's service column, default), file, or none. */
  readonly groupBy?: 'service' | 'file' | 'none';
  /** Unit of numeric timestamps; default seconds. */
  readonly timeUnit?: 's' | 'ms';
  /** Leave out incidents whose severity is below this. */
  readonly minSeverity?: number;
}

function timestamp(cell: string | undefined, factor: number): number | undefined {
  const n = numberOf(cell);
  if (n !== undefined) return n * factor;
  return cell === undefined ? undefined : parseIsoInstant(cell);
}

export function readIncidentCsv(path: string, opts: IncidentInputOptions = {}): { incidents: IncidentRecord[]; skipped: number } {
  return withCsv(path, (csv) => {
    const { header } = csv;
    const startIdx = findColumn(path, header, ['start_time', 'start', 'started_at', 'start time']);
    const endIdx = findColumn(path, header, ['end_time', 'end', 'resolved_at', 'end time']);
    if (startIdx < 0) columnIndex(path, header, 'start_time', 'incident start column');
    if (endIdx < 0) columnIndex(path, header, 'end_time', 'incident end column');
    const severityIdx = findColumn(path, header, ['status', 'severity']);
    const serviceIdx = findColumn(path, header, ['service', 'component']);
    const stem = basename(path).replace(/\.csv$/i, '').replace(/_operator_reported$/, '');
    const groupBy = opts.groupBy ?? 'service';
    const factor = opts.timeUnit === 'ms' ? 0.001 : 1;
    const incidents: IncidentRecord[] = [];
    let skipped = 0;
    for (const { fields, line } of csv.rows()) {
      const startS = timestamp(fields[startIdx], factor);
      const endS = timestamp(fields[endIdx], factor);
      if (startS === undefined || endS === undefined) throw new CalibrationInputError(path, `line ${line}: start/end is not a number of seconds or an ISO-8601 time`);
      if (endS < startS) throw new CalibrationInputError(path, `line ${line}: the incident ends before it starts`);
      const severity = severityIdx >= 0 ? numberOf(fields[severityIdx]) : undefined;
      if (opts.minSeverity !== undefined && severity !== undefined && severity < opts.minSeverity) {
        skipped++;
        continue;
      }
      const group = groupBy === 'none' ? 'all' : groupBy === 'service' && serviceIdx >= 0 ? (fields[serviceIdx] ?? '').trim() || stem : stem;
      incidents.push({ group, startS, endS, ...(severity !== undefined ? { severity } : {}) });
    }
    return { incidents, skipped };
  });
}
