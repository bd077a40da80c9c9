/**
 * Strategies that routed every request of every replication identically (equal decision
 * fingerprints, RunSummary.decisionHash, replication by replication). Such strategies are one
 * choice under several names on this scenario; the report lists them once ("cost = hybrid:
 * same decisions") instead of presenting a tie as if it were a finding.
 */
export function sameDecisionSets(names: readonly string[], hashes: readonly (readonly (string | undefined)[])[]): string[][] {
  const sets = new Map<string, string[]>();
  names.forEach((name, i) => {
    const row = hashes[i];
    // A missing fingerprint (a summary from before fingerprints) matches nothing.
    if (row.length === 0 || row.some((h) => h === undefined)) return;
    const key = row.join(',');
    const set = sets.get(key);
    if (set) set.push(name);
    else sets.set(key, [name]);
  });
  return [...sets.values()].filter((s) => s.length > 1);
}
