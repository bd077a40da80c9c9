import type { z } from 'zod';
import type { Deployment, Strategy } from '../types.js';

/** What a strategy may know when it is created: the full, static list of deployments. */
export interface StrategyEnv {
  readonly deployments: readonly Deployment[];
}

/**
 * One registered strategy. `name` is the single name used in YAML, on the CLI and in report
 * legends; `create` returns a fresh stateful instance (one per router).
 */
export interface StrategyDefinition<P = unknown> {
  readonly name: string;
  /** One line, shown by `routesim strategies`. */
  readonly description: string;
  /**
   * Work per pick as the number of candidates N grows, shown by `routesim strategies`: O(1) or
   * O(log N) when the rule looks at a few candidates or an index, O(N) when it needs every
   * candidate (a scan), with why.
   */
  readonly perPick: { readonly cost: 'O(1)' | 'O(log N)' | 'O(P)' | 'O(√N log N)' | 'O(N)'; readonly why: string };
  /** A zod strictObject with defaults; every param documented via `.describe()`. */
  readonly paramsSchema: z.ZodType<P>;
  /**
   * True for strategies that read the simulator's ground truth (the oracle): reports show
   * them as a bound to measure against, outside rankings' Pareto front.
   */
  readonly bound?: boolean;
  /**
   * Valid params that are probably a mistake (a weight for a deployment that does not exist),
   * reported as scenario warnings; paths are relative to the params object.
   */
  paramWarnings?(params: P, env: StrategyEnv): ParamWarning[];
  create(params: P, env: StrategyEnv): Strategy;
}

/** A suspicious param value: where (inside the params; `atKey` points at the key) and why. */
export interface ParamWarning {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly atKey?: boolean;
}
