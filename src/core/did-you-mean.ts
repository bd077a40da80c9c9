/**
 * "Did you mean ...?" suggestions for misspelt keys, enum values and ids. A candidate is
 * suggested when it is within an edit distance of 2 (transpositions count as one edit,
 * case is ignored) or when one of the two is a prefix of the other.
 */

const MAX_DISTANCE = 2;
/** Prefix matches shorter than this are noise ("a" is a prefix of everything). */
const MIN_PREFIX_LENGTH = 3;

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      cur.push(d);
    }
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** The closest candidate to `word`, or undefined when none is close enough. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const c = candidate.toLowerCase();
    // Long inputs cannot be within 2 edits of a short candidate; skip the quadratic work.
    let score = Math.abs(c.length - w.length) <= MAX_DISTANCE ? editDistance(w, c) : Infinity;
    // Require the edit distance to be smaller than the word itself: "id" is not a typo of "x".
    if (score > MAX_DISTANCE || score >= Math.min(w.length, c.length)) score = Infinity;
    const shorter = Math.min(w.length, c.length);
    if (score === Infinity && shorter >= MIN_PREFIX_LENGTH && (c.startsWith(w) || w.startsWith(c))) score = MAX_DISTANCE + 0.5;
    if (score !== Infinity && (best === undefined || score < best.score)) best = { candidate, score };
  }
  return best?.candidate;
}

/** `"; did you mean 'x'?"` or the empty string. */
export function suggestionSuffix(word: string, candidates: Iterable<string>): string {
  return suggestionText(didYouMean(word, candidates));
}

/** `"; did you mean 's'?"` for a suggestion already found, or the empty string. */
export function suggestionText(s: string | undefined): string {
  return s ? `; did you mean '${s}'?` : '';
}
