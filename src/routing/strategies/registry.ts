/**
 * The one place strategies are registered. A strategy's name is the same in YAML, on the CLI
 * and in every report legend; nothing else in the code base switches on strategy names.
 */
import type { Strategy } from '../types.js';
import { adaptiveStrategy } from './adaptive.js';
import { cheapestHealthyStrategy } from './cheapest-healthy.js';
import { classifierStrategy } from './classifier.js';
import { consistentHashStrategy } from './consistent-hash.js';
import { costStrategy } from './cost.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { StrategyParamsError, UnknownStrategyError } from './errors.js';
import { createHybridDefinition } from './hybrid.js';
import { ipHashStrategy } from './ip-hash.js';
import { latencyBasedStrategy } from './latency-based.js';
import { leastConnectionsStrategy } from './least-connections.js';
import { leastResponseTimeStrategy } from './least-response-time.js';
import { oracleStrategy } from './oracle.js';
import { p2cEwmaStrategy } from './p2c-ewma.js';
import { p2cStrategy } from './p2c.js';
import { describeParams, type ParamDoc } from './param-docs.js';
import { performanceStrategy } from './performance.js';
import { prefixAffinityStrategy } from './prefix-affinity.js';
import { priorityStrategy } from './priority.js';
import { qualityThresholdStrategy } from './quality-threshold.js';
import { randomStrategy } from './random.js';
import { roundRobinStrategy } from './round-robin.js';
import type { StrategyDefinition, StrategyEnv } from './strategy-definition.js';
import { usageBasedStrategy } from './usage-based.js';
import { weightedRandomStrategy } from './weighted-random.js';
import { weightedRoundRobinStrategy } from './weighted-round-robin.js';
import { appendAll } from '../../core/bulk-array.js';

export type { StrategyDefinition, StrategyEnv } from './strategy-definition.js';
export { OracleTruthMissingError, StrategyParamsError, UnknownStrategyError } from './errors.js';
export type { ParamDoc } from './param-docs.js';

// Method-style `create` makes StrategyDefinition<P> assignable here for every P.
const DEFINITIONS: readonly StrategyDefinition[] = [
  costStrategy,
  performanceStrategy,
  createHybridDefinition({ definition: getStrategy, create: createStrategy }),
  roundRobinStrategy,
  weightedRoundRobinStrategy,
  leastConnectionsStrategy,
  leastResponseTimeStrategy,
  ipHashStrategy,
  classifierStrategy,
  adaptiveStrategy,
  randomStrategy,
  weightedRandomStrategy,
  p2cStrategy,
  p2cEwmaStrategy,
  consistentHashStrategy,
  prefixAffinityStrategy,
  latencyBasedStrategy,
  usageBasedStrategy,
  priorityStrategy,
  cheapestHealthyStrategy,
  oracleStrategy,
  qualityThresholdStrategy,
];

const BY_NAME: ReadonlyMap<string, StrategyDefinition> = new Map(DEFINITIONS.map((d) => [d.name, d]));
if (BY_NAME.size !== DEFINITIONS.length) throw new Error('Two strategies are registered under one name');

export const STRATEGY_NAMES: readonly string[] = DEFINITIONS.map((d) => d.name);

export function getStrategy(name: string): StrategyDefinition {
  const definition = BY_NAME.get(name);
  if (definition === undefined) {
    throw new UnknownStrategyError(name, STRATEGY_NAMES, didYouMean(name, STRATEGY_NAMES));
  }
  return definition;
}

/** Validates `rawParams` (undefined = {}) against the strategy's schema and creates an instance. */
export function createStrategy(name: string, rawParams: unknown, env: StrategyEnv): Strategy {
  const definition = getStrategy(name);
  const parsed = definition.paramsSchema.safeParse(rawParams ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.map(String);
    // zod reports unknown keys at the object's path; name the key itself.
    if (issue.code === 'unrecognized_keys') appendAll(path, issue.keys);
    throw new StrategyParamsError(name, path.join('.'), issue.message);
  }
  return definition.create(parsed.data, env);
}

export interface StrategyInfo {
  readonly name: string;
  readonly description: string;
  readonly perPick: StrategyDefinition['perPick'];
  readonly params: readonly ParamDoc[];
}

/** Every strategy with its documented params, for `routesim strategies` and `--json`. */
export function listStrategies(): StrategyInfo[] {
  return DEFINITIONS.map((d) => ({
    name: d.name,
    description: d.description,
    perPick: d.perPick,
    params: describeParams(d.paramsSchema),
  }));
}
