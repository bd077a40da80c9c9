import { maxOf } from '../../core/bulk-array.js';
import { headerText } from '../wire/routesim-headers.js';

/**
 * How long an upstream asks us to wait, from every form providers use:
 * - `retry-after-ms: 1500` (OpenAI, Azure): milliseconds;
 * - `retry-after: 2` (RFC 9110 delay-seconds) or `retry-after: Wed, 21 Oct 2026 07:28:00 GMT` (an HTTP date);
 * - `x-ratelimit-reset-requests` / `x-ratelimit-reset-tokens` (OpenAI: durations such as `1s`,
 *   `6m0s`, `20ms`, `1h2m3.5s`) — when both are given, the later reset;
 * - `x-ratelimit-reset` (a bare number: seconds from now when small, a Unix time in seconds when
 *   it looks like one, as GitHub and some proxies send it).
 * The most specific form wins: retry-after-ms, then retry-after, then the rate-limit resets.
 * Real milliseconds; undefined when no header says.
 */
export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/** Unix seconds beyond this are a timestamp, not a delay (2001-09-09; no delay is 31 years). */
const UNIX_SECONDS_THRESHOLD = 1e9;

export function retryAfterRealMs(headers: HeaderBag, unixNowMs: number): number | undefined {
  const ms = numberOf(header(headers, 'retry-after-ms'));
  if (ms !== undefined) return ms;
  const ra = header(headers, 'retry-after');
  if (ra !== undefined) {
    const seconds = numberOf(ra);
    if (seconds !== undefined) return seconds * 1000;
    const dateMs = Date.parse(ra);
    if (Number.isFinite(dateMs)) return Math.max(0, dateMs - unixNowMs);
  }
  const resets = [header(headers, 'x-ratelimit-reset-requests'), header(headers, 'x-ratelimit-reset-tokens')]
    .map((v) => (v === undefined ? undefined : durationMs(v)))
    .filter((v): v is number => v !== undefined);
  if (resets.length > 0) return maxOf(resets);
  const reset = numberOf(header(headers, 'x-ratelimit-reset'));
  if (reset !== undefined) return reset > UNIX_SECONDS_THRESHOLD ? Math.max(0, reset * 1000 - unixNowMs) : reset * 1000;
  return undefined;
}

function header(headers: HeaderBag, name: string): string | undefined {
  return headerText(headers[name]);
}

/** A non-negative finite decimal number, else undefined. */
function numberOf(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+(\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 1e-6 };

/** A Go-style duration (`1h2m3.5s`, `20ms`) or a bare number of seconds; undefined when malformed. */
export function durationMs(v: string): number | undefined {
  const bare = numberOf(v);
  if (bare !== undefined) return bare * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let end = 0;
  for (let m = re.exec(v); m !== null; m = re.exec(v)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    end = re.lastIndex;
  }
  return end === v.length && end > 0 ? total : undefined;
}
