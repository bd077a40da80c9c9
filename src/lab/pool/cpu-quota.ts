import { readFileSync } from 'node:fs';

/** Reads a small text file; undefined when it is missing or unreadable. */
export type ReadText = (path: string) => string | undefined;

const readText: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * CPUs this process may use under a Linux cgroup CPU quota (a container's or pod's CPU limit),
 * rounded up; undefined when there is no quota or it cannot be read. Node 20's
 * `os.availableParallelism()` sees CPU affinity but not quotas, so in a pod limited to 2 CPUs
 * on a 64-core node it says 64 — and 64 workers, each with its own V8 heap, would be
 * throttled to 2 CPUs' worth of work and could exhaust the pod's memory.
 *
 * Reads cgroup v2 `cpu.max` ("quota period" or "max …") and v1 `cpu.cfs_quota_us` /
 * `cpu.cfs_period_us` for this process's cgroup (from /proc/self/cgroup) and each ancestor up
 * to the mount root — the tightest limit applies. A container whose /proc/self/cgroup shows a
 * host path its mount does not have is covered by the mount root itself.
 */
export function cgroupCpuLimit(read: ReadText = readText): number | undefined {
  const self = read('/proc/self/cgroup');
  if (self === undefined) return undefined;
  let cpus = Infinity;
  for (const line of self.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second).split(',');
    const path = line.slice(second + 1).trim();
    if (line.slice(0, first) === '0' && controllers.join('') === '') {
      for (const dir of dirsUpToRoot('/sys/fs/cgroup', path)) cpus = Math.min(cpus, parseCpuMax(read(`${dir}/cpu.max`)));
    } else if (controllers.includes('cpu')) {
      for (const mount of ['/sys/fs/cgroup/cpu,cpuacct', '/sys/fs/cgroup/cpu']) {
        for (const dir of dirsUpToRoot(mount, path)) cpus = Math.min(cpus, parseCfs(read(`${dir}/cpu.cfs_quota_us`), read(`${dir}/cpu.cfs_period_us`)));
      }
    }
  }
  return Number.isFinite(cpus) ? Math.max(1, Math.ceil(cpus - 1e-9)) : undefined;
}

/** `mount + path`, then each parent up to `mount` itself. */
function dirsUpToRoot(mount: string, path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  const dirs: string[] = [];
  for (let n = parts.length; n >= 0; n--) dirs.push([mount, ...parts.slice(0, n)].join('/'));
  return dirs;
}

/** cgroup v2 `cpu.max`: "150000 100000" → 1.5 CPUs; "max 100000", missing or malformed → Infinity. */
function parseCpuMax(text: string | undefined): number {
  const [quota, period] = (text ?? '').trim().split(/\s+/);
  return ratio(Number(quota), Number(period ?? 100000));
}

/** cgroup v1: quota −1 means none. */
function parseCfs(quota: string | undefined, period: string | undefined): number {
  return ratio(Number(quota?.trim()), Number(period?.trim()));
}

function ratio(quota: number, period: number): number {
  return Number.isFinite(quota) && quota > 0 && Number.isFinite(period) && period > 0 ? quota / period : Infinity;
}
