import type { Scenario } from '../../config/scenario-schema.js';
import type { Deployment } from '../../routing/types.js';

/** One deployment per (provider, model), id "provider/model", routing attributes resolved. */
export function buildDeployments(scenario: Scenario): Deployment[] {
  const out: Deployment[] = [];
  for (const p of scenario.providers) {
    for (const m of p.models) {
      out.push({
        id: `${p.id}/${m.id}`,
        providerId: p.id,
        modelId: m.id,
        weight: m.weight ?? p.weight,
        priority: m.priority ?? p.priority,
        qualityTier: m.qualityTier,
        inputUsdPerMTok: m.inputUsdPerMTok,
        outputUsdPerMTok: m.outputUsdPerMTok,
        cachedInputUsdPerMTok: m.cachedInputUsdPerMTok,
        costMultiplier: p.costMultiplier,
        performanceBonus: p.performanceBonus,
        contextWindowTokens: m.contextWindowTokens,
        capabilities: m.capabilities,
        rpmLimit: p.rateLimits.rpm,
        tpmLimit: p.rateLimits.tpm,
      });
    }
  }
  return out;
}
