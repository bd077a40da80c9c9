import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { listStrategies } from '../../routing/strategies/registry.js';

export function registerStrategiesCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) => c.option('json', { type: 'boolean', default: false, describe: 'machine-readable output' }),
    (argv) => {
      const all = listStrategies();
      if (argv.json) {
        process.stdout.write(JSON.stringify(all, null, 2) + '\n');
        return;
      }
      const width = Math.max(...all.map((s) => s.name.length));
      for (const s of all) {
        process.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
        for (const p of s.params) {
          const def = p.default === undefined ? '' : ` (default ${JSON.stringify(p.default)})`;
          process.stdout.write(`${' '.repeat(width)}    ${p.name}: ${p.type}${def}${p.description ? ` — ${p.description}` : ''}\n`);
        }
      }
    },
  );
}
