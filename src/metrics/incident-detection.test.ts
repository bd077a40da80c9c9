import { describe, expect, it } from 'vitest';
import type { IncidentWindow } from '../sim/world/incident-timeline.js';
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
});
