import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { checkOutputFile } from '../../lab/atomic-dir.js';
import { writeFileAtomic } from '../../core/atomic-file.js';
import { parseScenarioText } from '../../config/load-scenario.js';
import { loadLitellmPriceTable } from '../../config/pricing/price-table-files.js';
import { cliPricingSources } from '../../config/pricing/pricing-sources.js';
import { configSecrets, redactSecrets } from '../../import/litellm/config-secrets.js';
import { formatImportWarnings } from '../../import/litellm/import-warnings.js';
import { readLitellmConfig } from '../../import/litellm/litellm-config.js';
import { importLitellmConfig } from '../../import/litellm/litellm-to-scenario.js';
import { importedScenarioYaml } from '../../import/litellm/scenario-yaml.js';
import { printWarning } from '../print-warning.js';
import { UsageError } from '../user-error.js';
import { printErr, printOut } from '../terminal-output.js';

function registerLitellm(y: Argv): Argv {
  return y.command(
    'litellm <config>',
    'Turn a LiteLLM proxy config.yaml into a scenario with the equivalent strategy, retries, cooldowns, timeouts and fallbacks; warns on stderr about every setting it cannot map',
    (c) =>
      c
        .positional('config', { type: 'string', demandOption: true, describe: 'LiteLLM proxy config (model_list, router_settings, litellm_settings)' })
        .option('out', { type: 'string', describe: 'write the scenario here instead of stdout' })
        .option('model-group', { type: 'string', describe: 'the model_name group to simulate (default: the one with the most deployments)' })
        .option('with-fallback-groups', { type: 'boolean', default: false, describe: 'also import the groups it falls back to, wired as fallback chains' })
        .option('rate-per-s', { type: 'number', default: 5, describe: 'placeholder traffic: Poisson arrivals per second' })
        .option('duration-s', { type: 'number', default: 3600, describe: 'simulated horizon, seconds' })
        .option('name', { type: 'string', describe: 'scenario name (default: litellm-<group>)' })
        .example('$0 import litellm config.yaml --prices-litellm model_prices_and_context_window.json --out scenarios/mine.yaml', 'import with prices from the LiteLLM price table')
        .example('$0 import litellm config.yaml --model-group gpt-4o --with-fallback-groups', 'one group plus the groups it falls back to, to stdout'),
    (argv) => {
      if (argv.out !== undefined) checkOutputFile(argv.out);
      for (const [flag, v] of [['--rate-per-s', argv['rate-per-s']], ['--duration-s', argv['duration-s']]] as const) {
        if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new UsageError(`${flag} must be a positive number`);
      }
      const cfg = readLitellmConfig(argv.config as string);
      const tablePath = cliPricingSources().litellm;
      const priceTable = tablePath === undefined ? undefined : loadLitellmPriceTable(tablePath);
      const result = importLitellmConfig(cfg, {
        modelGroup: argv['model-group'],
        withFallbackGroups: argv['with-fallback-groups'],
        priceTable,
        ratePerS: argv['rate-per-s'],
        durationS: argv['duration-s'],
        name: argv.name,
      });
      // Nothing the import emits may carry a credential from the config (see config-secrets).
      const secrets = configSecrets(cfg);
      const safe = (s: string) => redactSecrets(s, secrets);
      const text = safe(importedScenarioYaml(result, argv.config as string));
      // The output must load: a failure here is a bug in the mapping, reported as such.
      parseScenarioText(text, argv.out ?? 'imported-scenario.yaml');
      for (const line of formatImportWarnings(result.warnings, cfg)) printWarning(safe(line));
      if (argv.out === undefined) printOut(text);
      else {
        writeFileAtomic(argv.out, text);
        printErr(safe(`wrote ${argv.out}: model group '${result.modelGroup}', ${result.deployments.length} deployments, strategy ${result.settings.strategy}, ${result.warnings.length} settings not mapped exactly\n`));
      }
    },
  );
}

export function registerImportCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) =>
      registerLitellm(c)
        .demandCommand(1, "Say what to import: 'litellm'.")
        .example('$0 import litellm config.yaml --out scenario.yaml', 'a LiteLLM proxy config'),
    () => {},
  );
}
