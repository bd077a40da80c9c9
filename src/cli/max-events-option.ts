import { UsageError } from './user-error.js';

/**
 * `--max-events N`: the event safety limit (src/sim/estimate-events.ts). Read as text so a
 * refusal quotes what was typed: NaN, 0, a negative number or Infinity would switch the
 * safety check off or refuse everything, so only a positive finite number is accepted.
 */
export const maxEventsOption = {
  type: 'string',
  describe: 'refuse runs estimated above this many events (a positive number; default 2e9)',
} as const;

export function maxEventsOf(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UsageError(`--max-events given ${raw.length} times; give it once`);
  const text = String(raw).trim();
  const n = text === '' ? NaN : Number(text);
  if (!(Number.isFinite(n) && n > 0)) {
    throw new UsageError(`--max-events must be a positive number of events, such as 5e9 (got '${String(raw)}')`);
  }
  return n;
}
