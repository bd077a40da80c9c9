/**
 * `routesim compare a.yaml b.yaml …` and `routesim compare x.yaml --variants …`: the
 * configurations to compare, read and checked before anything runs. Files must agree on their
 * traffic (else the comparison would not be on common random numbers) unless the user asks.
 */
import { basename, extname } from 'node:path';
import { ScenarioError } from '../../config/scenario-error.js';
import { locatePath } from '../../config/yaml-locate.js';
import { parseYamlSource } from '../../config/yaml-source.js';
import type { ComparedConfig } from '../../lab/compare.js';
import { trafficDifference } from '../../lab/compare-configs.js';
import type { ScenarioSource } from '../../lab/scenario-source.js';
import { variantConfigs } from '../../lab/variants.js';

/** One configuration per file, labelled by its name (its path when two names collide). */
export function fileConfigs(sources: readonly ScenarioSource[], allowDifferentTraffic: boolean): ComparedConfig[] {
  const first = sources[0];
  if (!allowDifferentTraffic) {
    for (const other of sources.slice(1)) {
      const diff = trafficDifference(first.scenario, other.scenario);
      if (diff === undefined) continue;
      const segments = diff.replace(/\[(\d+)\]/g, '.$1').split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const src = parseYamlSource(other.text, other.file);
      const pos = locatePath(src.doc, src.lineCounter, segments) ?? {};
      throw new ScenarioError(other.file, {
        path: segments,
        message: `differs from ${first.file} (first difference: ${diff}); configurations are compared on the same traffic (common random numbers). Make the traffic sections agree, or pass --allow-different-traffic to compare anyway (differences then include the traffic's)`,
        ...pos,
      });
    }
  }
  const names = sources.map((s) => basename(s.file, extname(s.file)));
  return sources.map((s, i) => ({
    label: names.filter((n) => n === names[i]).length > 1 ? s.file : names[i],
    scenario: s.scenario,
    strategy: s.scenario.router.strategy,
    description: `${s.scenario.router.strategy} as configured in ${s.file}`,
  }));
}

/** `--variants all` or a comma-separated list of variant names of the one scenario. */
export function variantsOf(source: ScenarioSource, arg: string): ComparedConfig[] {
  const names = arg.trim() === 'all' ? 'all' : arg.split(',').map((n) => n.trim()).filter((n) => n !== '');
  return variantConfigs(source.text, source.file, source.scenario, names);
}
