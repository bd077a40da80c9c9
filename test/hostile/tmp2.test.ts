import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { checkNestingDepth } from '../../src/config/source-guards.js';
import { scenarioSchema } from '../../src/config/scenario-schema.js';
it('x', () => {
  const text = readFileSync('test/fixtures/config/full-scenario.yaml', 'utf8');
  const time = (label: string, f: () => unknown) => { f(); const t0 = performance.now(); for (let i = 0; i < 200; i++) f(); console.log(label, ((performance.now() - t0) / 200).toFixed(3), 'ms'); };
  time('full', () => parseScenarioText(text, 'x.yaml'));
  time('depth', () => checkNestingDepth(text, 'x.yaml'));
  time('yaml', () => parseDocument(text).toJS());
  const v = parseDocument(text).toJS();
  time('zod', () => scenarioSchema.parse(v));
});
