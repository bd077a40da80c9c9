/**
 * Where price tables live. A scenario names them under `pricingSources` (paths relative to
 * the scenario file); the CLI flags `--prices-litellm` / `--prices-genai` (relative to the
 * working directory) take precedence. The CLI sets them once per process with
 * `setCliPricingSources`, so every command that loads scenarios honours them.
 */
export interface PricingSourcePaths {
  readonly litellm?: string;
  readonly genaiPrices?: string;
}

let cliSources: PricingSourcePaths = {};

export function setCliPricingSources(sources: PricingSourcePaths): void {
  cliSources = { ...sources };
}

export function cliPricingSources(): PricingSourcePaths {
  return cliSources;
}
