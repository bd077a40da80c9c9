import { describe, expect, it } from 'vitest';
import { cgroupCpuLimit } from './cpu-quota.js';

/** A fake file system: path → content. */
const files = (entries: Record<string, string>) => (path: string) => entries[path];

describe('cgroupCpuLimit', () => {
  it('cgroup v2 in a container (cgroup namespace): cpu.max at the mount root, rounded up', () => {
    expect(cgroupCpuLimit(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '150000 100000\n' }))).toBe(2);
    expect(cgroupCpuLimit(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '400000 100000\n' }))).toBe(4);
    expect(cgroupCpuLimit(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': '50000 100000\n' }))).toBe(1);
  });

  it('no quota ("max"), no files, or garbage: undefined', () => {
    expect(cgroupCpuLimit(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBeUndefined();
    expect(cgroupCpuLimit(files({}))).toBeUndefined();
    expect(cgroupCpuLimit(files({ '/proc/self/cgroup': '0::/\n', '/sys/fs/cgroup/cpu.max': 'lots\n' }))).toBeUndefined();
    expect(cgroupCpuLimit(files({ '/proc/self/cgroup': 'garbage\n' }))).toBeUndefined();
  });

  it('v2 outside a namespace: the own cgroup and its ancestors, the tightest wins', () => {
    const fs = files({
      '/proc/self/cgroup': '0::/kubepods/pod1/ctr\n',
      '/sys/fs/cgroup/kubepods/pod1/ctr/cpu.max': 'max 100000',
      '/sys/fs/cgroup/kubepods/pod1/cpu.max': '300000 100000',
      '/sys/fs/cgroup/kubepods/cpu.max': '1600000 100000',
    });
    expect(cgroupCpuLimit(fs)).toBe(3);
  });

  it('a host path the container mount does not have falls back to the mount root', () => {
    expect(cgroupCpuLimit(files({ '/proc/self/cgroup': '0::/docker/abc123\n', '/sys/fs/cgroup/cpu.max': '200000 100000' }))).toBe(2);
  });

  it('cgroup v1 (cfs quota and period), under either mount name; −1 means no quota', () => {
    const v1 = (quota: string, mount = '/sys/fs/cgroup/cpu,cpuacct') =>
      files({
        '/proc/self/cgroup': '12:memory:/\n4:cpu,cpuacct:/\n1:name=systemd:/\n',
        [`${mount}/cpu.cfs_quota_us`]: `${quota}\n`,
        [`${mount}/cpu.cfs_period_us`]: '100000\n',
      });
    expect(cgroupCpuLimit(v1('250000'))).toBe(3);
    expect(cgroupCpuLimit(v1('100000', '/sys/fs/cgroup/cpu'))).toBe(1);
    expect(cgroupCpuLimit(v1('-1'))).toBeUndefined();
  });

  it('reads this machine without throwing (a positive whole number or undefined)', () => {
    const n = cgroupCpuLimit();
    expect(n === undefined || (Number.isInteger(n) && n >= 1)).toBe(true);
  });
});
