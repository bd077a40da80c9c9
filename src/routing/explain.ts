import type { AttemptOutcomeKind, RouteResult } from './types.js';

export type AttemptReason = 'first' | 'retry' | 'failover' | 'hedge';

export interface RoutingDecision {
  readonly requestId: number;
  readonly attemptNo: number;
  readonly atMs: number;
  readonly reason: AttemptReason;
  /** Deployments the router removed before the strategy ran, with the sources that removed them. */
  readonly removed: readonly { readonly id: string; readonly by: readonly string[] }[];
  readonly candidates: readonly string[];
  readonly scores?: Record<string, number>;
  readonly picked?: string;
  /** 'fallback' when a configured fallback chain chose, 'strategy' otherwise. */
  readonly via: 'strategy' | 'fallback';
  readonly panic: boolean;
}

export interface AttemptRecord {
  readonly requestId: number;
  readonly attemptNo: number;
  readonly atMs: number;
  readonly deploymentId: string;
  readonly kind: AttemptOutcomeKind;
  readonly latencyMs: number;
  readonly costUsd: number;
}

/** Receives the router's reasoning for the requests it asks about (`routesim run --explain N`). */
export interface ExplainSink {
  wants(requestId: number): boolean;
  /**
   * The sink reads how attempts ended and nothing of the decisions (the gateway's request log):
   * the router then builds no decision records (candidates, removals, strategy scores) for it.
   */
  readonly attemptsOnly?: boolean;
  decision(d: RoutingDecision): void;
  attempt(a: AttemptRecord): void;
  finished(r: RouteResult): void;
}
