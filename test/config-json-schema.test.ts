import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { scenarioJsonSchema } from '../src/config/json-schema.js';
import { parseScenarioText } from '../src/config/load-scenario.js';
import { DISTRIBUTION_KINDS } from '../src/sim/distributions/spec.js';

type Json = Record<string, any>;

/**
 * A small JSON Schema validator for the keywords the generated schema uses. Unknown keywords
 * fail loudly, so a schema feature this validator does not check cannot pass by accident.
 */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', '$defs', 'propertyNames']);

function validate(root: Json, schema: Json | boolean, value: unknown, path = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const errors: string[] = [];
  for (const key of Object.keys(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    const s = schema[key];
    switch (key) {
      case '$ref': {
        const m = /^#\/\$defs\/(.+)$/.exec(s);
        if (!m || !(m[1] in root.$defs)) throw new Error(`unresolvable $ref ${s}`);
        errors.push(...validate(root, root.$defs[m[1]], value, path));
        break;
      }
      case 'type': {
        const types: string[] = Array.isArray(s) ? s : [s];
        const ok = types.some((t) =>
          t === 'integer' ? Number.isInteger(value)
          : t === 'number' ? typeof value === 'number' && Number.isFinite(value)
          : t === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
          : t === 'array' ? Array.isArray(value)
          : t === 'null' ? value === null
          : typeof value === t,
        );
        if (!ok) return [`${path}: expected ${types.join('|')}`];
        break;
      }
      case 'properties':
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          for (const [k, sub] of Object.entries(s)) if (k in value) errors.push(...validate(root, sub as Json, (value as Json)[k], `${path}.${k}`));
        }
        break;
      case 'required':
        for (const k of s) if (typeof value === 'object' && value !== null && !(k in value)) errors.push(`${path}: missing ${k}`);
        break;
      case 'additionalProperties':
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          for (const [k, v] of Object.entries(value)) {
            if (schema.properties && k in schema.properties) continue;
            errors.push(...validate(root, s, v, `${path}.${k}`));
          }
        }
        break;
      case 'items':
        if (Array.isArray(value)) value.forEach((v, i) => errors.push(...validate(root, s, v, `${path}[${i}]`)));
        break;
      case 'anyOf':
        if (!s.some((sub: Json) => validate(root, sub, value, path).length === 0)) errors.push(`${path}: matches no alternative`);
        break;
      case 'oneOf':
        if (s.filter((sub: Json) => validate(root, sub, value, path).length === 0).length !== 1) errors.push(`${path}: must match exactly one`);
        break;
      case 'allOf':
        for (const sub of s) errors.push(...validate(root, sub, value, path));
        break;
      case 'const':
        if (value !== s) errors.push(`${path}: must be ${JSON.stringify(s)}`);
        break;
      case 'enum':
        if (!s.includes(value)) errors.push(`${path}: not in enum`);
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        if (typeof value === 'number') {
          const bad = key === 'minimum' ? value < s : key === 'maximum' ? value > s : key === 'exclusiveMinimum' ? value <= s : value >= s;
          if (bad) errors.push(`${path}: ${key} ${s}`);
        }
        break;
      case 'minItems':
      case 'maxItems':
        if (Array.isArray(value) && (key === 'minItems' ? value.length < s : value.length > s)) errors.push(`${path}: ${key}`);
        break;
      case 'minLength':
        if (typeof value === 'string' && value.length < s) errors.push(`${path}: minLength`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(s, 'u').test(value)) errors.push(`${path}: pattern`);
        break;
      default:
        throw new Error(`test validator does not know the keyword '${key}' (at ${path})`);
    }
  }
  return errors;
}

const schema = scenarioJsonSchema() as Json;
const FIXTURES = join(import.meta.dirname, 'fixtures', 'config');
const fixture = (name: string): unknown => parse(readFileSync(join(FIXTURES, name), 'utf8'), { merge: true });

describe('scenarioJsonSchema', () => {
  it('is a titled draft 2020-12 object schema that survives JSON serialisation', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('routesim scenario');
    expect(typeof schema.description).toBe('string');
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'durationS', 'traffic', 'providers', 'router', 'metrics']));
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'durationS', 'traffic', 'providers']));
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('describes distributions as the bare number plus one alternative per kind variant', () => {
    const dist = schema.$defs.Distribution;
    expect(dist.anyOf[0]).toEqual({ type: 'number', minimum: 0 });
    const kinds = dist.anyOf.slice(1).map((alt: Json) => alt.properties.kind.const);
    expect(new Set(kinds)).toEqual(new Set(DISTRIBUTION_KINDS));
    // lognormal and empirical each have two shapes.
    expect(kinds.filter((k: string) => k === 'lognormal')).toHaveLength(2);
    const lognormals = dist.anyOf.filter((alt: Json) => alt.properties?.kind?.const === 'lognormal');
    expect(lognormals.map((alt: Json) => alt.required)).toEqual([['kind', 'mu', 'sigma'], ['kind', 'median', 'p99']]);
    // Mixture components refer back to the distribution definition.
    const mixture = dist.anyOf.find((alt: Json) => alt.properties?.kind?.const === 'mixture');
    expect(mixture.properties.components.items.properties.dist).toEqual({ $ref: '#/$defs/Distribution' });
    // Distribution fields point at it and keep their defaults.
    const latency = schema.properties.providers.items.properties.latency.properties;
    expect(latency.ttftMs).toEqual({ $ref: '#/$defs/Distribution', default: 300 });
    expect(schema.properties.traffic.properties.budgetUsd).toEqual({ $ref: '#/$defs/Distribution' });
  });

  it('offers the native router and the seed routing_config shape', () => {
    const alts = schema.properties.router.anyOf;
    expect(alts).toHaveLength(2);
    expect(alts[1]).toEqual({ $ref: '#/$defs/SeedRouterConfig' });
    const seed = schema.$defs.SeedRouterConfig;
    expect(seed.required).toEqual(['routing']);
    expect(seed.properties.routing.properties.strategy.enum).toEqual(['cost', 'performance', 'load_balance', 'hybrid', 'adaptive']);
    expect(seed.properties.retries).toEqual(alts[0].properties.retries);
  });

  it('accepts the fixtures, including the seed-shaped router', () => {
    for (const f of ['minimal-scenario.yaml', 'full-scenario.yaml', 'seed-router-scenario.yaml']) {
      expect(validate(schema, schema, fixture(f)), f).toEqual([]);
    }
  });

  it('rejects what the loader rejects structurally', () => {
    const base = fixture('minimal-scenario.yaml') as Json;
    const bad: [string, Json][] = [
      ['unknown top-level key', { ...base, provders: [] }],
      ['missing name', { ...base, name: undefined }],
      ['unknown distribution kind', { ...base, traffic: { ...base.traffic, inputTokens: { kind: 'lognorml', median: 1, p99: 2 } } }],
      ['negative constant', { ...base, traffic: { ...base.traffic, inputTokens: -1 } }],
      ['mixed lognormal shapes', { ...base, traffic: { ...base.traffic, inputTokens: { kind: 'lognormal', mu: 1, p99: 2 } } }],
      ['wrong router', { ...base, router: { routing: { strategy: 'cheap' } } }],
    ];
    for (const [label, doc] of bad) {
      const json = JSON.parse(JSON.stringify(doc));
      expect(validate(schema, schema, json).length, label).toBeGreaterThan(0);
    }
  });

  it('never rejects a scenario the loader accepts (200 mutated fixtures)', () => {
    const full = fixture('full-scenario.yaml') as Json;
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
      else leaves.push(p);
    };
    walk(full, []);
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat(), fc.oneof(fc.constantFrom(0, 1, 0.5, 2, 1000, 'x', true), fc.double({ min: 0, max: 1e6, noNaN: true })), (at, value) => {
        const doc = structuredClone(full);
        const path = leaves[at % leaves.length];
        let node: Json = doc;
        for (const seg of path.slice(0, -1)) node = node[seg];
        node[path[path.length - 1]] = value;
        let loads = true;
        try {
          parseScenarioText(stringify(doc), 'm.yaml');
        } catch {
          loads = false;
        }
        if (loads) {
          accepted++;
          expect(validate(schema, schema, JSON.parse(JSON.stringify(doc)))).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
