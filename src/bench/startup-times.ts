import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Bench (0): whole-process wall time of a few CLI invocations (startup is mostly module loading,
 * so it only shows in a fresh process), as a user's shell sees it: median of `runs` rounds, the
 * commands interleaved within each round so load on the machine hits them alike. Next to it the
 * process's CPU time (user + system, all threads), which a busy machine inflates far less than
 * wall time. Optionally the same commands through another entry script (e.g. a bundled build of
 * the CLI) in the same rounds, with a check that it prints the same bytes.
 */
export const LAUNCHER = fileURLToPath(new URL('../../bin/routesim.js', import.meta.url));
const QUICKSTART = fileURLToPath(new URL('../../scenarios/quickstart.yaml', import.meta.url));

export const STARTUP_COMMANDS: readonly (readonly [label: string, args: readonly string[]])[] = [
  ['node -e ""  (bare Node, the floor)', []],
  ['routesim --help', ['--help']],
  ['routesim validate quickstart', ['validate', QUICKSTART]],
  ['routesim run quickstart', ['run', QUICKSTART, '--quiet']],
];

/** Preloaded into each timed process: reports its CPU time on stderr as it exits. */
const CPU_REPORTER = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeSync(2, `\\nstartup-cpu-us ${u.user + u.system}\\n`); });",
)}`;

export interface StartupFigure {
  readonly label: string;
  /** Median wall time per entry script, in the order given. */
  readonly medianMs: readonly number[];
  /** Median CPU time (user + system) per entry script. */
  readonly medianCpuMs: readonly number[];
  /** Whether every entry printed the same stdout as the first. */
  readonly sameOutput: boolean;
}

function timeOnce(entry: string | undefined, args: readonly string[]): { ms: number; cpuMs: number; stdout: string } {
  const argv = ['--import', CPU_REPORTER, ...(entry === undefined ? ['-e', ''] : [entry, ...args])];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const cpu = /\nstartup-cpu-us (\d+)\n$/.exec(r.stderr);
  if (r.status !== 0 || cpu === null) throw new Error(`node ${argv.slice(2).join(' ')} exited with ${r.status}: ${r.stderr}`);
  return { ms, cpuMs: Number(cpu[1]) / 1000, stdout: r.stdout };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function measureStartup(entries: readonly string[], runs: number): StartupFigure[] {
  const times = STARTUP_COMMANDS.map(() => entries.map((): number[] => []));
  const cpuTimes = STARTUP_COMMANDS.map(() => entries.map((): number[] => []));
  const outputs = STARTUP_COMMANDS.map(() => entries.map((): string | undefined => undefined));
  for (let round = 0; round < runs; round++) {
    STARTUP_COMMANDS.forEach(([, args], c) => {
      entries.forEach((entry, e) => {
        const { ms, cpuMs, stdout } = timeOnce(args.length === 0 ? undefined : entry, args);
        times[c][e].push(ms);
        cpuTimes[c][e].push(cpuMs);
        outputs[c][e] ??= stdout;
      });
    });
  }
  return STARTUP_COMMANDS.map(([label], c) => ({
    label,
    medianMs: times[c].map(median),
    medianCpuMs: cpuTimes[c].map(median),
    sameOutput: outputs[c].every((o) => o === outputs[c][0]),
  }));
}
