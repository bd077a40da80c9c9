/**
 * Strategy ordering and colours shared by every chart and table, so a strategy keeps its
 * colour and its place across the whole report.
 */
import type { CompareSummary, StrategyResult } from '../lab/compare-summary.js';
import { CATEGORY_COLORS, DEPLOYMENT_COLORS } from './chart-theme.js';

/** Rank 1 first; within a tie group the lab's order (`rankGroups`), else (and for missing ranks) the name. */
export function rankedStrategies(summary: CompareSummary): StrategyResult[] {
  const listed = new Map((summary.rankGroups ?? []).flat().map((name, i) => [name, i]));
  const place = (s: StrategyResult) => listed.get(s.strategy) ?? Number.MAX_SAFE_INTEGER;
  return [...summary.strategies].sort((a, b) => rankKey(a) - rankKey(b) || place(a) - place(b) || compareText(a.strategy, b.strategy));
}

function rankKey(s: StrategyResult): number {
  return Number.isFinite(s.rank) ? s.rank : Number.MAX_SAFE_INTEGER;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A Vega-Lite scale mapping each strategy name to its colour, legend in rank order. */
export interface CategoryScale {
  readonly domain: string[];
  readonly range: string[];
}

export function categoryScale(names: readonly string[], palette: readonly string[] = CATEGORY_COLORS): CategoryScale {
  return { domain: [...names], range: names.map((_, i) => palette[i % palette.length]) };
}

/** Deployment colours, in first-seen order over the strategies' samples. */
export function deploymentColorScale(summary: CompareSummary): CategoryScale {
  const ids = new Set<string>();
  for (const s of summary.strategies) for (const id of s.sample.deploymentIds) ids.add(id);
  return categoryScale([...ids], DEPLOYMENT_COLORS);
}

/** Strategies drawn in grey when there are more than the palette has distinct colours. */
export const MUTED_COLOR = '#c4c9ce';

/**
 * One colour per strategy, never repeated within a chart: with more strategies than the palette
 * holds, the top rank group, the baseline, the Pareto-optimal strategies and the oracle keep
 * distinct colours (in rank order) and the rest are grey, so two crashing lines never look like
 * the top-ranked ones.
 */
export function strategyColorScale(summary: CompareSummary, palette: readonly string[] = CATEGORY_COLORS): CategoryScale {
  const ranked = rankedStrategies(summary);
  if (ranked.length <= palette.length) return categoryScale(ranked.map((s) => s.strategy), palette);
  // Only the strongest colours (Tableau 10 without its grey): lighter companions are too close to tell apart on a busy chart.
  const strong = palette.slice(0, Math.min(9, Math.ceil(palette.length / 2)));
  const highlighted = new Set(highlightedStrategies(summary).slice(0, strong.length));
  let next = 0;
  return {
    domain: ranked.map((s) => s.strategy),
    range: ranked.map((s) => (highlighted.has(s.strategy) ? strong[next++] : MUTED_COLOR)),
  };
}

/** The strategies a reader must find at a glance, most important first: best group, baseline, oracle, then the Pareto-optimal in rank order. */
export function highlightedStrategies(summary: CompareSummary): string[] {
  const ranked = rankedStrategies(summary);
  const best = ranked.find((s) => !s.bound)?.rank;
  const first = ranked.filter((s) => (s.rank === best && !s.bound) || s.strategy === summary.baseline || s.bound === true);
  const rest = ranked.filter((s) => s.pareto && !first.includes(s));
  return [...first, ...rest].map((s) => s.strategy);
}

export function baselineOf(summary: CompareSummary): StrategyResult | undefined {
  return summary.strategies.find((s) => s.strategy === summary.baseline);
}

/**
 * The ground-truth bound (oracle): flagged `bound` in summaries since schema v1.1; older
 * summaries are recognised as the one strategy without an `oracleGap` when others have one.
 */
export function oracleNameOf(summary: CompareSummary): string | undefined {
  const flagged = summary.strategies.find((s) => s.bound);
  if (flagged) return flagged.strategy;
  if (!summary.strategies.some((s) => s.oracleGap !== undefined)) return undefined;
  const without = summary.strategies.filter((s) => s.oracleGap === undefined);
  return without.length === 1 ? without[0].strategy : undefined;
}

/** Best-ranked strategy that could be deployed (the oracle is a bound, not a choice). */
export function bestDeployableOf(summary: CompareSummary): StrategyResult | undefined {
  const oracle = oracleNameOf(summary);
  return rankedStrategies(summary).find((s) => s.strategy !== oracle);
}
