import { stringify } from 'yaml';
import type { ImportResult } from './litellm-to-scenario.js';

/** The imported scenario as YAML, with a header that says what was imported and what is a placeholder. */
export function importedScenarioYaml(result: ImportResult, sourceFile: string, schemaRef?: string): string {
  const s = result.scenario;
  const priced = result.deployments.map((d) => `${d.providerId}/${d.modelId}: ${d.priceSource === 'none' ? 'no price (0)' : d.priceSource}`);
  const header = [
    ...(schemaRef !== undefined ? [`# yaml-language-server: $schema=${schemaRef}`, '#'] : []),
    `# ${String(s.name)} — imported from the LiteLLM config ${sourceFile} by \`routesim import litellm\`:`,
    `# model group '${result.modelGroup}', routing_strategy ${result.settings.litellmStrategy} → ${result.settings.strategy}.`,
    '# Traffic, provider latency, capacity and error rates are PLACEHOLDERS (a LiteLLM config does not',
    '# say them): calibrate with `routesim fit latency` / `routesim fit outages` before trusting results.',
    '# Prices:',
    ...priced.map((p) => `#   ${p}`),
  ];
  return `${header.join('\n')}\n${stringify(s, { lineWidth: 0 })}`;
}
