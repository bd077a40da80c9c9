#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build`, which `npm ci` runs (the
// `prepare` script) and `npm pack` ships. Without dist/ (a bare checkout) or with a dependency
// missing, say what to do in one line instead of printing Node's module-loading stack trace.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(entry.href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  process.stderr.write(
    existsSync(entry)
      ? `routesim: the installation is incomplete (${String(e.message).split('\n')[0]}); run 'npm ci' in the routesim checkout, or reinstall the package\n`
      : `routesim: the CLI is not built (no dist/cli/main.js); run 'npm run build' in the routesim checkout ('npm ci' builds it too)\n`,
  );
  process.exit(1);
}
await cli.main(process.argv.slice(2));
