import { describe, expect, it } from 'vitest';
import type { IncidentWindow } from '../sim/world/incident-timeline.js';
import { metricValuesOf } from '../lab/metric-values.js';
import { summarizeIncidents } from './incident-detection.js';
import type { HealthTimelineEntry } from './run-summary.js';

const incident = (startS: number, endS: number): IncidentWindow => ({
  providerId: 'p', kind: 'down', startMs: startS * 1000, endMs: endS * 1000, latencyFactor: 1, errorRate: 1, limitFactor: 1,
});
const entry = (atS: number, excluded: boolean, source = 'breaker', deploymentId = 'p/m'): HealthTimelineEntry => ({ atS, deploymentId, source, excluded });
const providerOf = (id: string) => id.split('/')[0];

describe('time to detect and to recover', () => {
  it('detect = first exclusion after the start; recover = when the last exclusion clears after the end', () => {
    const [s] = summarizeIncidents([incident(100, 200)], [entry(103, true), entry(105, true, 'cooldown'), entry(210, false), entry(230, false, 'cooldown')], providerOf);
    expect(s.detectS).toBe(3);
    expect(s.recoverS).toBe(30);
  });

  it('an incident that starts while the provider is still excluded counts as detected at once', () => {
    const [s] = summarizeIncidents([incident(100, 200)], [entry(90, true, 'cooldown'), entry(150, false, 'cooldown')], providerOf);
    expect(s.detectS).toBe(0);
  });

  it('never excluded during the incident: undefined, and other providers do not count', () => {
    const [s] = summarizeIncidents([incident(100, 200)], [entry(120, true, 'breaker', 'q/m')], providerOf);
    expect(s.detectS).toBeUndefined();
    expect(s.recoverS).toBeUndefined();
  });

  it('excluded at the end and never let back in: never recovered (counted), not left out', () => {
    const [s] = summarizeIncidents([incident(100, 200)], [entry(103, true)], providerOf);
    expect(s.detectS).toBe(3);
    expect(s.recoverS).toBeUndefined();
    expect(s.neverRecovered).toBe(true);
  });

  it('let back in during the incident: nothing to recover from, not counted as never recovered', () => {
    const [s] = summarizeIncidents([incident(100, 200)], [entry(103, true), entry(150, false)], providerOf);
    expect(s.detectS).toBe(3);
    expect(s.recoverS).toBeUndefined();
    expect(s.neverRecovered).toBeUndefined();
  });

  it('an exclusion that cleared after the end is a recovery, even with later unrelated exclusions', () => {
    const [s] = summarizeIncidents([incident(100, 200)], [entry(103, true), entry(220, false), entry(400, true)], providerOf);
    expect(s.recoverS).toBe(20);
    expect(s.neverRecovered).toBeUndefined();
  });
});

describe('detection counted honestly in the compared metrics', () => {
  it('an undetected incident is counted, and the mean covers detected ones only', () => {
    const incidents = [
      { providerId: 'p', kind: 'down', startS: 0, endS: 10, detectS: 2, recoverS: 4 },
      { providerId: 'p', kind: 'brownout', startS: 20, endS: 30 },
      { providerId: 'q', kind: 'down', startS: 40, endS: 50, detectS: 1, neverRecovered: true },
    ];
    const run = { incidents, latencyMs: {}, latencyAllMs: {}, ttftMs: {}, queueMs: {}, costUsd: {}, requests: { succeeded: 0 } } as unknown as Parameters<typeof metricValuesOf>[0];
    const v = metricValuesOf(run);
    expect(v.meanDetectS).toBe(1.5);
    expect(v.undetectedIncidents).toBe(1);
    expect(v.meanRecoverS).toBe(4);
    expect(v.unrecoveredIncidents).toBe(1);
  });
});
