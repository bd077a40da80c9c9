import type { Candidate, RouteRequest } from '../../types.js';

/** Which candidates a picker may choose from (an alternative to allocating a filtered list). */
export type CandidateFilter = (candidate: Candidate) => boolean;

/** A candidate's static or adaptive weight (> 0 to be chosen by weighted pickers). */
export type CandidateWeight = (candidate: Candidate) => number;

/**
 * A number per candidate for this request (request-dependent ones: price). Must never return
 * NaN; scores map missing data to a documented number.
 */
export type CandidateScore = (candidate: Candidate, req: RouteRequest) => number;

/** What load (or cost, or badness) means: a score where lower is better. */
export type LoadMetric = CandidateScore;
