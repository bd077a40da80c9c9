import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, expectNoStack, routesim, routesimAsync } from './support/routesim-process.js';

/**
 * What a new user meets first, through the real binary (npm test builds dist/ first): help
 * that names the program, --version, a one-line hint instead of a stack trace when the build
 * is missing, a package that carries what it needs, and commands that load only their code.
 */
const REPO = resolve(import.meta.dirname, '..');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const root = mkdtempSync(join(tmpdir(), 'routesim-first-use-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The command paths a help page lists under "Commands:" (e.g. ['fit', 'latency']). */
function listedCommands(help: string, parent: readonly string[]): string[][] {
  const section = help.split(/\n\n/).find((block) => block.startsWith('Commands:')) ?? '';
  return section.split('\n').slice(1).flatMap((line) => {
    const words = /^ {2}routesim (\S+(?: \S+)*?)(?: [<[]|\s{2,}|$)/.exec(line)?.[1].split(' ');
    return words === undefined ? [] : [[...parent, words[words.length - 1]]];
  });
}

describe('help', () => {
  it('every command and subcommand has help naming the program, never a literal $0', async () => {
    const top = routesim(['--help']);
    expect(top.status).toBe(0);
    const seen: string[] = [];
    let frontier = listedCommands(top.stdout, []);
    expect(frontier.map((c) => c[0])).toEqual(['run', 'compare', 'sweep', 'merge', 'report', 'validate', 'schema', 'strategies', 'fit', 'calibrate', 'import', 'quality', 'providers', 'load', 'gateway', 'live']);
    while (frontier.length > 0) {
      const pages = await Promise.all(frontier.map((path) => routesimAsync([...path, '--help'])));
      const next: string[][] = [];
      frontier.forEach((path, i) => {
        const page = pages[i];
        expect(page.status, path.join(' ')).toBe(0);
        expect(page.stderr).toBe('');
        expect(page.stdout, path.join(' ')).toMatch(new RegExp(`^routesim ${path.join(' ')}\\b`));
        expect(page.stdout, path.join(' ')).not.toContain('$0');
        seen.push(path.join(' '));
        next.push(...listedCommands(page.stdout, path));
      });
      frontier = next;
    }
    expect(seen).toContain('fit latency');
    expect(seen).toContain('fit outages');
    expect(seen).toContain('import litellm');
  }, 120_000);

  it('the top-level help lists --version; --version prints package.json\'s version', { timeout: 60_000 }, () => {
    expect(routesim(['--help']).stdout).toMatch(/--version\s+Show the version number/);
    const r = routesim(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('an unknown command still exits 2 with a suggestion', { timeout: 60_000 }, () => {
    const r = routesim(['valdate', 'x.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("Did you mean validate?\nRun 'routesim --help' for usage.\n");
  });

  it('global options before the command still reach it', { timeout: 60_000 }, () => {
    const r = routesim(['--prices-litellm', join(root, 'no-such-prices.json'), 'validate', 'scenarios/quickstart.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^scenarios\/quickstart\.yaml: ok/);
  });
});

describe('startup loads only what the command needs', () => {
  // A module-loading hook (off-thread in Node ≥ 20) appends every URL it loads to a file.
  const hooks = `data:text/javascript,${encodeURIComponent(
    "import { appendFileSync } from 'node:fs'; export async function load(url, context, next) { appendFileSync(process.env.ROUTESIM_MODULE_LOG, url + '\\n'); return next(url, context); }",
  )}`;
  const register = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;

  /** What `routesim args…` loaded: its own modules as dist/<folder>/<file>, packages by name. */
  function loadedModules(name: string, args: readonly string[]): string[] {
    const log = join(root, `${name}.log`);
    const r = spawnSync(process.execPath, ['--import', register, BIN, ...args], { encoding: 'utf8', env: { ...process.env, ROUTESIM_MODULE_LOG: log }, timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const urls = readFileSync(log, 'utf8').trim().split('\n');
    return [...new Set(urls.flatMap((u) => {
      const own = /\/(dist\/.+)$/.exec(u);
      const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u);
      return own ? [own[1]] : pkg ? [pkg[1]] : [];
    }))];
  }

  /** The modules of `areas` (folders of dist/ or package names) among `loaded`. */
  const within = (loaded: readonly string[], areas: readonly string[]) => loaded.filter((m) => areas.some((a) => m === a || m.startsWith(`${a}/`)));

  // Two import-free modules every command loads: --version's and the global --prices-* flags' state.
  const EVERYWHERE = ['dist/lab/version.js', 'dist/config/pricing/pricing-sources.js'];
  const heavy = ['dist/lab', 'dist/calibrate', 'dist/import', 'dist/report', 'vega', 'vega-lite'];
  const notNeeded = (loaded: readonly string[], areas: readonly string[]) => within(loaded, areas).filter((m) => !EVERYWHERE.includes(m));

  it('--help loads yargs and the command list, nothing of the simulator, the schemas or the lab', () => {
    const loaded = loadedModules('help', ['--help']);
    expect(loaded).toContain('yargs');
    expect(loaded).toContain('dist/cli/command-list.js');
    expect(notNeeded(loaded, [...heavy, 'dist/sim', 'dist/routing', 'dist/config', 'dist/metrics', 'dist/cli/commands', 'zod', 'yaml'])).toEqual([]);
  }, 60_000);

  it('validate and run load the scenario loader and the simulator, not the lab, calibration, import or report code', () => {
    for (const [name, args] of [['validate', ['validate', 'scenarios/quickstart.yaml']], ['run', ['run', 'scenarios/quickstart.yaml', '--quiet']]] as const) {
      const loaded = loadedModules(name, args);
      expect(loaded, name).toContain(`dist/cli/commands/${name}-command.js`);
      expect(within(loaded, ['dist/config']).length, name).toBeGreaterThan(0);
      expect(within(loaded, ['dist/sim']).length, name).toBeGreaterThan(0);
      expect(notNeeded(loaded, [...heavy, 'dist/cli/commands']).filter((m) => m !== `dist/cli/commands/${name}-command.js`), name).toEqual([]);
    }
  }, 60_000);
});

describe('installation', () => {
  it('without a build, the launcher says how to build in one line (exit 1, no stack trace)', { timeout: 60_000 }, () => {
    const checkout = join(root, 'bare-checkout');
    mkdirSync(join(checkout, 'bin'), { recursive: true });
    copyFileSync(BIN, join(checkout, 'bin', 'routesim.js'));
    const r = spawnSync(process.execPath, [join(checkout, 'bin', 'routesim.js'), 'run', 'scenarios/quickstart.yaml'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("routesim: the CLI is not built (no dist/cli/main.js); run 'npm run build' in the routesim checkout ('npm ci' builds it too)\n");
  });

  it('the npm package carries the built CLI, runs from where it is unpacked, and leaves sources, tests and the bench out', () => {
    // --ignore-scripts: pack what npm test just built instead of building again (prepare).
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(pack.status, pack.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((f) => f.path);
    for (const p of ['package.json', 'README.md', 'bin/routesim.js', 'dist/cli/main.js', 'dist/cli/commands/run-command.js', 'dist/lab/pool/worker-entry.js', 'scenarios/quickstart.yaml']) expect(paths, p).toContain(p);
    expect(paths.filter((p) => /^(src|test|notebooks|results|\.ci)\/|^dist\/bench\/|\.map$|\.ts$/.test(p))).toEqual([]);
    const unpacked = join(root, 'unpacked');
    mkdirSync(unpacked);
    const untar = spawnSync('tar', ['-xzf', join(root, filename), '-C', unpacked], { encoding: 'utf8' });
    expect(untar.status, untar.stderr).toBe(0);
    // The dependencies a registry install would bring; the package itself must bring the rest.
    symlinkSync(join(REPO, 'node_modules'), join(unpacked, 'package', 'node_modules'), 'dir');
    const bin = join(unpacked, 'package', 'bin', 'routesim.js');
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout).toBe(`${VERSION}\n`);
    const run = spawnSync(process.execPath, [bin, 'run', 'scenarios/quickstart.yaml', '--json'], { cwd: join(unpacked, 'package'), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expectNoStack(run.stderr);
    const inRepo = routesim(['run', 'scenarios/quickstart.yaml', '--json']);
    expect(run.stdout).toBe(inRepo.stdout);
  }, 180_000);
});
