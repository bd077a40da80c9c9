import type { Argv } from 'yargs';
import type { CommandSpec } from '../command-list.js';
import { scenarioJsonSchema } from '../../config/json-schema.js';
import { printOut } from '../terminal-output.js';

export function registerSchemaCommand(y: Argv, spec: CommandSpec): Argv {
  return y.command(
    spec.usage,
    spec.describe,
    (c) => c.example('$0 schema > scenario.schema.json', 'save it for your editor'),
    () => {
      printOut(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    },
  );
}
