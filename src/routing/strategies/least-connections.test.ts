import { describe, expect, it } from 'vitest';
import { LeastConnectionsStrategy } from './least-connections.js';
import { makeCandidate, makeContext, makeDeployment, makeRequest } from './test-fixtures.js';

const req = makeRequest();
const withInFlight = (loads: number[]) =>
  loads.map((inFlight, i) => makeCandidate(makeDeployment(`p${i}/m`), { inFlight }));

describe('least-connections strategy', () => {
  it('picks the deployment with the fewest in-flight attempts', () => {
    expect(new LeastConnectionsStrategy().pick(req, withInFlight([3, 1, 2]), makeContext())!.deployment.id).toBe('p1/m');
  });

  it('when the least busy deployment is absent from the candidates, the next least busy wins — every time', () => {
    const [a, idle, b, c] = withInFlight([4, 0, 2, 7]);
    const strategy = new LeastConnectionsStrategy();
    for (let i = 0; i < 50; i++) expect(strategy.pick(req, [a, b, c], makeContext({}, i))).toBe(b);
    expect(strategy.pick(req, [a, idle, b, c], makeContext())).toBe(idle);
  });

  it('breaks ties round robin, not randomly and not always the first', () => {
    const strategy = new LeastConnectionsStrategy();
    const candidates = withInFlight([1, 0, 0, 5, 0]);
    const ids = Array.from({ length: 6 }, () => strategy.pick(req, candidates, makeContext())!.deployment.id);
    expect(ids).toEqual(['p1/m', 'p2/m', 'p4/m', 'p1/m', 'p2/m', 'p4/m']);
  });

  it('explains with in-flight counts and skips tried deployments', () => {
    const strategy = new LeastConnectionsStrategy();
    const candidates = withInFlight([2, 0]);
    expect(strategy.explain(req, candidates)).toEqual({ 'p0/m': 2, 'p1/m': 0 });
    expect(strategy.pick(req, candidates, makeContext({ tried: new Set(['p1/m']) }))!.deployment.id).toBe('p0/m');
  });
});
