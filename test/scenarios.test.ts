import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../src/config/json-schema.js';
import { loadScenarioFile } from '../src/config/load-scenario.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

describe('shipped scenarios', () => {
  it('the README scenario table and the scenarios folder list the same files', () => {
    const listed = [...readFileSync('README.md', 'utf8').matchAll(/^\| `([a-z0-9-]+\.yaml)` \|/gm)].map((m) => m[1]);
    expect([...new Set(listed)].sort()).toEqual([...files].sort());
    for (const name of ['quickstart', 'default', 'seed-claims', 'provider-outage', 'brownout', 'gray-failure', 'rate-limit-storm', 'diurnal-peak', 'price-change', 'flapping', 'retry-storm', 'quality-vs-cost']) {
      expect(files).toContain(`${name}.yaml`);
    }
  });

  for (const f of files) {
    it(`${f} loads, references the schema and starts by saying what it demonstrates`, () => {
      const text = readFileSync(`scenarios/${f}`, 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
      expect(text).toMatch(new RegExp(`^#\\s*\\n# ${f.replace('.yaml', '')} — `, 'm'));
      const s = loadScenarioFile(`scenarios/${f}`);
      expect(s.name).toBe(f.replace('.yaml', ''));
    });
  }

  it('scenarios/scenario.schema.json is the schema `routesim schema` prints (regenerate: routesim schema > scenarios/scenario.schema.json)', () => {
    const committed = JSON.parse(readFileSync('scenarios/scenario.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});
