import type { Argv } from 'yargs';

/**
 * A top-level command as `routesim --help` lists it, and how to load the rest of it. The list
 * below imports no command module: a command's options, handler and everything its handler
 * needs (the simulator, zod schemas, the lab, calibration, import) load only when that command
 * is asked for, so `--help` and `validate` do not pay for `compare`'s or `fit`'s code.
 */
export interface CommandSpec {
  /** The yargs command string, e.g. 'run <scenario>'; its first word is the command's name. */
  readonly usage: string;
  readonly describe: string;
  /** Loads the command's module and returns the function that adds its options and handler. */
  readonly load: () => Promise<(y: Argv, spec: CommandSpec) => Argv>;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    usage: 'run <scenario>',
    describe: 'Simulate one scenario with one strategy and print a summary',
    load: async () => (await import('./commands/run-command.js')).registerRunCommand,
  },
  {
    usage: 'compare <scenario> [others..]',
    describe: 'Compare routing strategies on one scenario, or whole configurations (several scenario files, or --variants): replications, confidence intervals, ranking, report',
    load: async () => (await import('./commands/compare-command.js')).registerCompareCommand,
  },
  {
    usage: 'sweep <scenario>',
    describe: 'Run a grid of scenario settings (--set path=v1,v2,...) × strategies and tabulate the metrics',
    load: async () => (await import('./commands/sweep-command.js')).registerSweepCommand,
  },
  {
    usage: 'merge <partials...>',
    describe: "Combine the partial results of 'compare --shard i/N' or 'sweep --shard i/N' (all N, any order) into the results a single machine writes",
    load: async () => (await import('./commands/merge-command.js')).registerMergeCommand,
  },
  {
    usage: 'report <results-dir>',
    describe: 'Re-render report.md, report.html and charts from a results directory (no simulation)',
    load: async () => (await import('./commands/report-command.js')).registerReportCommand,
  },
  {
    usage: 'validate <scenarios..>',
    describe: 'Check scenario files without running them (exit 2 on the first invalid one; warnings on stderr)',
    load: async () => (await import('./commands/validate-command.js')).registerValidateCommand,
  },
  {
    usage: 'schema',
    describe: 'Print the JSON Schema of scenario files (for editors: yaml-language-server)',
    load: async () => (await import('./commands/schema-command.js')).registerSchemaCommand,
  },
  {
    usage: 'strategies',
    describe: 'List every routing strategy with its parameters',
    load: async () => (await import('./commands/strategies-command.js')).registerStrategiesCommand,
  },
  {
    usage: 'fit',
    describe: 'Calibrate scenario distributions from measurements: `fit latency` (llmperf, CSV) and `fit outages` (status-page incidents)',
    load: async () => (await import('./commands/fit-command.js')).registerFitCommand,
  },
  {
    usage: 'calibrate <logs..>',
    describe: 'Turn request logs (routesim gateway, OpenTelemetry GenAI spans, LiteLLM, llmperf) into a scenario: the logged traffic as a trace, fitted latency, error rates, rate limits, outages and prices per provider; --holdout backtests it',
    load: async () => (await import('./commands/calibrate-command.js')).registerCalibrateCommand,
  },
  {
    usage: 'import',
    describe: "Turn another tool's configuration into a scenario: `import litellm`",
    load: async () => (await import('./commands/import-command.js')).registerImportCommand,
  },
  {
    usage: 'quality <scenario>',
    describe: 'Cost–quality sweep of the quality-threshold strategy: APGR, CPT(50%), CPT(80%) vs random and oracle (RouteLLM data)',
    load: async () => (await import('./commands/quality-command.js')).registerQualityCommand,
  },
  {
    usage: 'providers <scenario>',
    describe: "Serve the scenario's providers as OpenAI-compatible HTTP APIs in real time (a chaos lab for any gateway)",
    load: async () => (await import('./commands/providers-command.js')).registerProvidersCommand,
  },
  {
    usage: 'load <scenario>',
    describe: "Replay the scenario's traffic open-loop against an OpenAI-compatible base URL and measure it (RunSummary + JSONL)",
    load: async () => (await import('./commands/load-command.js')).registerLoadCommand,
  },
  {
    usage: 'gateway <config>',
    describe: "An OpenAI-compatible gateway that routes with the scenario's router: section (the simulator's routing code, live)",
    load: async () => (await import('./commands/gateway-command.js')).registerGatewayCommand,
  },
  {
    usage: 'live <scenario>',
    describe: 'Run the scenario live on loopback (emulated providers, the gateway, the load replayer) and compare it with its simulation: live-vs-sim',
    load: async () => (await import('./commands/live-command.js')).registerLiveCommand,
  },
];

/** The command's name: the first word of its usage. */
export const commandName = (spec: CommandSpec): string => spec.usage.split(' ')[0];

/**
 * Adds every command to `y`: in full (options, handler) those whose name appears among the
 * arguments, as name and description only the others, which is all yargs needs to list them,
 * suggest one for a typo, and reject an unknown command. Looking for the name anywhere (not
 * only first) keeps global options before the command working; a scenario file that happens to
 * be called `run` only costs loading one more command.
 */
export async function registerCommands(y: Argv, args: readonly string[]): Promise<Argv> {
  for (const spec of COMMANDS) {
    y = args.includes(commandName(spec)) ? (await spec.load())(y, spec) : y.command(spec.usage, spec.describe);
  }
  return y;
}
