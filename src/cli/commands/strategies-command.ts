import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { listStrategies } from '../../routing/strategies/registry.js';
import { printOut } from '../terminal-output.js';
import { maxOf } from '../../core/bulk-array.js';

export function registerStrategiesCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) => c.option('json', { type: 'boolean', default: false, describe: 'machine-readable output' }),
    (argv) => {
      const all = listStrategies();
      if (argv.json) {
        printOut(JSON.stringify(all, null, 2) + '\n');
        return;
      }
      const width = maxOf(all.map((s) => s.name.length));
      for (const s of all) {
        printOut(`${s.name.padEnd(width)}  ${s.description}\n`);
        printOut(`${' '.repeat(width)}    per pick: ${s.perPick.cost} with N candidates — ${s.perPick.why}\n`);
        for (const p of s.params) {
          const def = p.default === undefined ? '' : ` (default ${JSON.stringify(p.default)})`;
          printOut(`${' '.repeat(width)}    ${p.name}: ${p.type}${def}${p.description ? ` — ${p.description}` : ''}\n`);
        }
      }
    },
  );
}
