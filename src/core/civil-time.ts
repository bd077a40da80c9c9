/**
 * Calendar arithmetic without the wall clock: ISO dates and times of day to seconds since the
 * Unix epoch (UTC, proleptic Gregorian), by Howard Hinnant's days-from-civil algorithm. The
 * simulator may not touch `Date` (determinism guard), and these conversions need none.
 */

export const SECONDS_PER_DAY = 86_400;

/** Days since 1970-01-01 of a valid civil date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Days in `month` (1–12) of proleptic Gregorian `year`. */
export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

const TIME = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?`;
const ZONE = String.raw`(Z|[+-]\d{2}:?\d{2})?`;
const TIME_RE = new RegExp(`^${TIME}${ZONE}$`, 'i');
const INSTANT_RE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ]${TIME}${ZONE})?$`, 'i');

function zoneOffsetS(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4)) * 60);
}

function clockSeconds(h: string, m: string, s: string | undefined, frac: string | undefined): number | undefined {
  const hh = Number(h), mm = Number(m), ss = s === undefined ? 0 : Number(s);
  if (hh > 24 || mm > 59 || ss > 60 || (hh === 24 && (mm > 0 || ss > 0))) return undefined;
  return hh * 3600 + mm * 60 + ss + (frac === undefined ? 0 : Number(`0.${frac}`));
}

/**
 * Seconds since the epoch of `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DD[T ]HH:MM[:SS[.f]][Z|±HH:MM]`
 * (no zone = UTC); undefined when it is not such a string or names an impossible date.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = INSTANT_RE.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let seconds = daysFromCivil(year, month, day) * SECONDS_PER_DAY;
  if (m[4] !== undefined) {
    const clock = clockSeconds(m[4], m[5], m[6], m[7]);
    if (clock === undefined) return undefined;
    seconds += clock - zoneOffsetS(m[8]);
  }
  return seconds;
}

/** Seconds after midnight UTC of `HH:MM[:SS][Z|±HH:MM]` (a daily clock time), wrapped into [0, 86400). */
export function parseTimeOfDay(text: string): number | undefined {
  const m = TIME_RE.exec(text.trim());
  if (m === null) return undefined;
  const clock = clockSeconds(m[1], m[2], m[3], m[4]);
  if (clock === undefined) return undefined;
  const s = clock - zoneOffsetS(m[5]);
  return ((s % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
}
