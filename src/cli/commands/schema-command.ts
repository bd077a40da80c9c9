import type { Argv } from 'yargs';
import { scenarioJsonSchema } from '../../config/json-schema.js';

export function registerSchemaCommand(y: Argv): Argv {
  return y.command(
    'schema',
    'Print the JSON Schema of scenario files (for editors: yaml-language-server)',
    (c) => c.example('$0 schema > scenario.schema.json', 'save it for your editor'),
    () => {
      process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
    },
  );
}
