import { it } from 'vitest';
import { loadScenarioFile, parseScenarioText } from '../../src/config/load-scenario.js';
import { ScenarioError } from '../../src/config/scenario-error.js';
const base = `name: x
durationS: 60
traffic:
  arrivals: { kind: poisson, ratePerS: 2 }
providers:
  - id: only
    models:
      - id: m1
`;
function t(label: string, text: string, file = 'x.yaml') {
  const t0 = performance.now();
  try { const s = parseScenarioText(text, file); console.log(label, 'OK', JSON.stringify(s).slice(0, 150)); }
  catch (e) { console.log(label, (e as Error).constructor.name, ((performance.now() - t0)|0) + 'ms\n' + (e as Error).message); }
}
it('x', () => {
  try { const s = loadScenarioFile('test/fixtures/config/seed-router-scenario.yaml'); console.log(JSON.stringify(s.router), JSON.stringify(s.providers.map(p => [p.id, p.weight, p.costMultiplier, p.performanceBonus, p.models.map(m => m.id), p.priceChanges])), s.metrics); } catch (e) { console.log((e as Error).message); }
  t('minimal', base);
  t('wrong type', base.replace('durationS: 60', 'durationS: ten'));
  t('missing', base.replace(/traffic:\n.*\n/, ''));
  t('typo', base.replace('providers:', 'provders:'));
  t('neg', base.replace('ratePerS: 2', 'ratePerS: -5'));
  t('nan', base.replace('durationS: 60', 'durationS: .nan'));
  t('inf', base.replace('durationS: 60', 'durationS: .inf'));
  t('huge', base.replace('durationS: 60', 'durationS: 1e400'));
  t('p99', base + '    latency:\n      ttftMs: { kind: lognormal, median: 200, p99: 100 }\n');
  t('kind', base + '    latency:\n      ttftMs: { kind: lognorml, median: 200, p99: 100 }\n');
  t('mix0', base + '    latency:\n      ttftMs: { kind: mixture, components: [{weight: 0, dist: 5}, {weight: 0, dist: {kind: exponential, mean: 3}}] }\n');
  t('qm0', base.replace('  arrivals:', '  qualityMix: { low: 0, medium: 0, high: 0 }\n  arrivals:'));
  t('dup', base.replace('      - id: m1', '      - id: m1\n        id: m2'));
  t('deep', 'a: ' + '['.repeat(10000));
  t('laughs', base + `x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
`);
  t('empty', '');
  t('ws', '  \n\t\n');
  t('json comma', '{\n  "name": "x",\n  "durationS": 60,\n}\n', 'x.json');
  t('incident', base + '    incidents:\n      - { kind: down, startS: 10 }\n      - { kind: dwn, startS: 10, durationS: 5 }\n');
  t('strategy', base + 'router:\n  strategy: round-robn\n');
  t('params', base + 'router:\n  strategy: adaptive\n  params: { rate: 2, flor: 1 }\n');
  t('hc', base + 'router:\n  activeHealthCheck: true\n  circuitBreaker: { consecutiveFailures: -1 }\n');
  t('arrivals', base.replace('kind: poisson', 'kind: poison'));
  t('list root', '- a\n- b\n');
  t('dist str', base + '    latency:\n      ttftMs: fast\n');
  t('seed bad', base + 'router:\n  routing: { strategy: hybrd, health_check_interval: -3 }\n  providers: { onl: { weight: 2 } }\n  load_balancing: { algoritm: x }\n');
  t('seed prov', base + 'router:\n  routing: { strategy: hybrid }\n  providers: { onl: { weight: 2 }, only: { models: [m1, m2] } }\n');
});
