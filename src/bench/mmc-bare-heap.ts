/**
 * The floor: M/M/c with a hand-rolled binary heap over typed arrays and no abstraction at all
 * (event kind encoded in the heap). What an engine costs is measured against this.
 */
export function mmcOnBareHeap(lambda: number, mu: number, servers: number, requests: number): { served: number } {
  let size = 0;
  const times = new Float64Array(1 << 16);
  const kinds = new Uint8Array(1 << 16); // 0 arrival, 1 departure
  const push = (t: number, k: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] <= t) break;
      times[i] = times[p];
      kinds[i] = kinds[p];
      i = p;
    }
    times[i] = t;
    kinds[i] = k;
  };
  const pop = () => {
    const t = times[--size], k = kinds[size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && times[c + 1] < times[c]) c++;
      if (times[c] >= t) break;
      times[i] = times[c];
      kinds[i] = kinds[c];
      i = c;
    }
    times[i] = t;
    kinds[i] = k;
  };
  let seed = 0x2545f491;
  const uniform = () => {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  let busy = 0, queued = 0, served = 0, arrived = 0;
  push(0, 0);
  while (size > 0) {
    const now = times[0], kind = kinds[0];
    pop();
    if (kind === 0) {
      arrived++;
      if (busy < servers) {
        busy++;
        push(now - Math.log(1 - uniform()) / mu, 1);
      } else queued++;
      if (arrived < requests) push(now - Math.log(1 - uniform()) / lambda, 0);
    } else {
      served++;
      if (queued > 0) {
        queued--;
        push(now - Math.log(1 - uniform()) / mu, 1);
      } else busy--;
    }
  }
  return { served };
}
