import { isPlainObject } from '../core/is-plain-object.js';
import type { PathSegment } from './scenario-error.js';
import type { Scenario } from './scenario-schema.js';
import type { ExplainedIssue } from './zod-issues.js';

/**
 * Valid settings that silently do nothing or make the figures meaningless. Each is nearly
 * always a mistake, but not an impossible one, so it is a warning (the run goes ahead).
 */
export function settingWarnings(raw: Record<string, unknown>, scenario: Scenario): ExplainedIssue[] {
  return [...hedgingWarnings(scenario), ...warmupWarnings(scenario), ...afterHorizonWarnings(raw, scenario)];
}

/** Hedging that is on but can never send a hedge: no delay and no percentile, or a zero budget. */
function hedgingWarnings(scenario: Scenario): ExplainedIssue[] {
  const h = scenario.router.hedging;
  if (h === false) return [];
  if (h.delayMs === undefined && h.percentile === undefined) {
    return [{
      path: ['router', 'hedging'],
      message: 'sets neither delayMs nor percentile, so no request is ever hedged; set one (e.g. percentile: 95) or write hedging: false',
    }];
  }
  if (h.maxHedgeRatio === 0) {
    return [{ path: ['router', 'hedging', 'maxHedgeRatio'], message: '0 allows no hedge at all, so no request is ever hedged; raise it (e.g. 0.1) or write hedging: false' }];
  }
  return [];
}

/** Warm-up to or past the end: nothing is measured, and an empty run reads as 100% uptime. */
function warmupWarnings(scenario: Scenario): ExplainedIssue[] {
  const { warmupS } = scenario.metrics;
  if (warmupS < scenario.durationS) return [];
  return [{
    path: ['metrics', 'warmupS'],
    message: `${warmupS} s is not shorter than durationS (${scenario.durationS} s): no request is measured, so every figure is empty; shorten the warm-up or lengthen the run`,
  }];
}

/**
 * Incidents and price changes that start at or after the horizon never happen. Read from the
 * raw document (the validated one may have dropped or reindexed entries), for the providers
 * that will run.
 */
function afterHorizonWarnings(raw: Record<string, unknown>, scenario: Scenario): ExplainedIssue[] {
  const running = new Set(scenario.providers.map((p) => p.id));
  const horizonS = scenario.durationS;
  const out: ExplainedIssue[] = [];
  const check = (path: PathSegment[], atS: unknown, what: string) => {
    if (typeof atS === 'number' && atS >= horizonS) {
      out.push({ path, message: `${what} ${atS} s, at or after the end of the run (durationS: ${horizonS} s): it never happens` });
    }
  };
  const providers = Array.isArray(raw.providers) ? raw.providers : [];
  providers.forEach((p: unknown, i) => {
    if (!isPlainObject(p) || !running.has(p.id as string)) return;
    (Array.isArray(p.incidents) ? p.incidents : []).forEach((inc: unknown, j) => {
      if (!isPlainObject(inc)) return;
      if (inc.startS !== undefined) check(['providers', i, 'incidents', j, 'startS'], inc.startS, 'this incident starts at');
      else check(['providers', i, 'incidents', j, 'afterS'], inc.afterS, 'these incidents cannot start before');
    });
    (Array.isArray(p.priceChanges) ? p.priceChanges : []).forEach((c: unknown, j) => {
      if (isPlainObject(c)) check(['providers', i, 'priceChanges', j, 'atS'], c.atS, 'this price change applies at');
    });
  });
  return out;
}
