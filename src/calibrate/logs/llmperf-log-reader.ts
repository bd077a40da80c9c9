import { basename } from 'node:path';
import { readUserFile } from '../../core/user-file.js';
import { numberOf } from '../input/latency-observation.js';
import { LogFormatError } from './log-format-error.js';
import { outcomeFromError, type LoggedRequest, type newReadNotes } from './logged-request.js';

/**
 * Ray llmperf per-request results (`individual/<provider>_<model>.json`, a JSON list) as a
 * request log. llmperf records no arrival times, so the requests are laid end to end in file
 * order (each starting when the one before ended): latency, tokens, errors and 429 counts are
 * real, the timing is not — calibration infers no rate limit or outage window from such a
 * file and says so. One file is one provider × model; it is small and parsed whole.
 */
export function readLlmperfLog(file: string, notes: ReturnType<typeof newReadNotes>, offsetMs = 0): LoggedRequest[] {
  const text = readUserFile(file, (detail) => new LogFormatError(file, undefined, detail), 'is a directory; pass the JSON files (e.g. individual/*.json)');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LogFormatError(file, undefined, `not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(raw)) throw new LogFormatError(file, undefined, 'expected a JSON list of llmperf request results (individual/*.json)');
  const stem = basename(file).replace(/\.json$/i, '');
  const cut = stem.lastIndexOf('_');
  const provider = (cut > 0 ? stem.slice(0, cut) : stem).replace(/[^A-Za-z0-9_.:-]+/g, '-');
  const model = cut > 0 ? stem.slice(cut + 1) : 'model';
  const out: LoggedRequest[] = [];
  let atMs = offsetMs;
  raw.forEach((row, i) => {
    notes.lines++;
    if (typeof row !== 'object' || row === null) throw new LogFormatError(file, undefined, `[${i}]: expected an object`);
    const r = row as Record<string, unknown>;
    if ('error_msg' in r && r.error_msg !== '') notes.dropped.add('error_msg');
    const code = r.error_code === null || r.error_code === undefined || r.error_code === '' ? null : Number(r.error_code);
    const e2eMs = (numberOf(r.end_to_end_latency_s) ?? 0) * 1000;
    const ttftS = numberOf(r.ttft_s);
    const ok = code === null;
    if (ok && (ttftS === undefined || numberOf(r.end_to_end_latency_s) === undefined)) throw new LogFormatError(file, undefined, `[${i}]: a successful request needs ttft_s and end_to_end_latency_s`);
    const input = Math.max(0, Math.round(numberOf(r.number_input_tokens) ?? 0));
    const output = ok ? Math.max(0, Math.round(numberOf(r.number_output_tokens) ?? 0)) : 0;
    // llmperf's own codes (e.g. -100, an exception in the client) are not HTTP statuses: they count as 5xx.
    const outcome = ok ? 'success' : outcomeFromError(String(r.error_code), Number.isFinite(code) ? code : null);
    const attempt = {
      deployment: `${provider}/${model}`, provider, startMs: atMs, ttftMs: ok ? ttftS! * 1000 : null, latencyMs: e2eMs, outcome,
      statusCode: ok ? 200 : Number.isFinite(code) && code! >= 100 && code! <= 599 ? code : null, retryAfterMs: null,
      inputTokens: input, outputTokens: output, costUsd: 0, hedge: false,
    };
    out.push({
      startMs: atMs, model, stream: true, tenant: null, clientHash: null, inputTokens: input, outputTokens: output,
      ttftMs: attempt.ttftMs, latencyMs: e2eMs, ok, outcome: ok ? 'success' : 'non-retryable', costUsd: 0, attempts: [attempt],
    });
    atMs += Math.max(1, e2eMs);
  });
  return out;
}
