import type { Argv } from 'yargs';
import { setCliPricingSources } from '../config/pricing/pricing-sources.js';

/**
 * Global `--prices-litellm` / `--prices-genai`: price tables for `pricing:` references in any
 * scenario a command loads (and for `import litellm`). They override a scenario's
 * `pricingSources`; paths are relative to the working directory.
 */
export function registerPricingFlags(y: Argv): Argv {
  return y
    .option('prices-litellm', { type: 'string', global: true, describe: "LiteLLM model_prices_and_context_window.json for models with pricing: { from: litellm } (overrides the scenario's pricingSources)" })
    .option('prices-genai', { type: 'string', global: true, describe: "genai-prices data.json for models with pricing: { from: genai-prices } (overrides the scenario's pricingSources)" })
    .middleware((argv) => setCliPricingSources({ litellm: argv['prices-litellm'] as string | undefined, genaiPrices: argv['prices-genai'] as string | undefined })) as Argv;
}
