import type { Candidate, RouteRequest } from '../../types.js';
import type { CandidateFilter, CandidateScore } from './picker-types.js';

/** Candidate with the lowest score; ties go to the earliest in the list (deployment order). */
export function pickMinByScore(
  candidates: readonly Candidate[],
  req: RouteRequest,
  score: CandidateScore,
  accept?: CandidateFilter,
): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (accept !== undefined && !accept(c)) continue;
    const s = score(c, req);
    if (best === undefined || s < bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

/** Candidate with the highest score; ties go to the earliest in the list (deployment order). */
export function pickMaxByScore(
  candidates: readonly Candidate[],
  req: RouteRequest,
  score: CandidateScore,
  accept?: CandidateFilter,
): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = -Infinity;
  for (const c of candidates) {
    if (accept !== undefined && !accept(c)) continue;
    const s = score(c, req);
    if (best === undefined || s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}
