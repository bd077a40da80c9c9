import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ScenarioError, type ScenarioIssue } from '../../config/scenario-error.js';
import type { Scenario } from '../../config/scenario-schema.js';
import { locatePath } from '../../config/yaml-locate.js';
import { getStrategy } from '../../routing/strategies/registry.js';
import { makeUpstream, type Upstream } from './upstream.js';

/** `--upstream alpha=http://127.0.0.1:8400/alpha/v1`: a provider's base URL given on the command line. */
export type UpstreamOverrides = ReadonlyMap<string, string>;

/**
 * The gateway's upstreams from a scenario: each provider's `endpoint:` block (or an override),
 * its API key read from the environment variable the block names. Refuses, before anything
 * listens, every problem at once with its place in the file: a provider without an endpoint, a
 * key variable that is unset or empty, an override for an unknown provider, and a strategy
 * that reads the simulator's ground truth (a bound such as `oracle` has nothing to read live).
 */
export function upstreamsOf(file: string, scenario: Scenario, strategyName: string, overrides: UpstreamOverrides, env: NodeJS.ProcessEnv): Map<string, Upstream> {
  const issues: ScenarioIssue[] = [];
  const upstreams = new Map<string, Upstream>();
  const ids = new Set(scenario.providers.map((p) => p.id));
  for (const [id] of overrides) {
    if (!ids.has(id)) issues.push({ path: ['providers'], message: `--upstream ${id}=...: no provider '${id}' in the scenario (providers: ${[...ids].join(', ')})` });
  }
  scenario.providers.forEach((p, i) => {
    const e = p.endpoint;
    const baseUrl = overrides.get(p.id) ?? e?.baseUrl;
    if (baseUrl === undefined) {
      issues.push({ path: ['providers', i], message: `provider '${p.id}' has no endpoint: add endpoint: { baseUrl: https://..., apiKeyEnv: NAME } or pass --upstream ${p.id}=URL`, expected: 'an endpoint block' });
      return;
    }
    let apiKey: string | undefined;
    if (e?.apiKeyEnv !== undefined) {
      apiKey = env[e.apiKeyEnv];
      if (apiKey === undefined || apiKey === '') {
        issues.push({ path: ['providers', i, 'endpoint', 'apiKeyEnv'], message: `environment variable ${e.apiKeyEnv} is not set (it should hold provider '${p.id}''s API key)` });
        return;
      }
    }
    upstreams.set(p.id, makeUpstream(p.id, baseUrl, { apiKey, healthUrl: overrides.has(p.id) ? undefined : e?.healthUrl, modelNames: e?.models }));
  });
  if (getStrategy(strategyName).bound === true) {
    issues.push({ path: ['router', 'strategy'], message: `strategy '${strategyName}' reads the simulator's ground truth and cannot run live; pick another (routesim strategies)` });
  }
  if (issues.length > 0) throw new ScenarioError(file, positioned(file, issues));
  return upstreams;
}

/** Adds line and column to each issue from the file's YAML (JSON is YAML too). */
function positioned(file: string, issues: ScenarioIssue[]): ScenarioIssue[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return issues;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return issues.map((i) => ({ ...i, ...(locatePath(doc, lineCounter, i.path) ?? {}) }));
}
