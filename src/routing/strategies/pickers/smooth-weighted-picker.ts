import { weightScale } from '../../../core/weight-scale.js';
import type { Candidate } from '../../types.js';
import type { CandidateWeight } from './picker-types.js';
import { KeptIndex } from './kept-index.js';
import { SmoothWeightedIndex, type PeerState } from './smooth-weighted-index.js';

/**
 * nginx's smooth weighted round robin: every pick adds each candidate's weight to its
 * current value, takes the largest (first in list on ties) and subtracts the total from it.
 * Over every full cycle of sum(weights) picks the counts equal the weights exactly, and the
 * picks are interleaved (no A,A,A,B bursts like an expanded list). Weights may change
 * between picks (the adaptive strategy relies on that). With `staticWeights` (a weight per
 * deployment that never changes), the router's pool array seen twice in a row is indexed
 * (SmoothWeightedIndex: the same sequence in O(distinct weights + log N) per pick), and a
 * retry's pool (that array less the tried deployments) is answered from it too; any other list
 * is scanned, after the index has written its members' values back.
 */
export class SmoothWeightedPicker {
  private readonly peers = new Map<string, PeerState>();
  private readonly kept: KeptIndex<SmoothWeightedIndex>;
  /**
   * Whether the kept index holds the current values. Another list or `explain` sets it aside
   * (its values written back to the peers); when its pool array comes back it is reopened.
   */
  private live = false;
  private weightOf: CandidateWeight = () => 0;

  constructor(opts: { readonly staticWeights?: boolean } = {}) {
    this.kept = new KeptIndex((pool) => {
      if (opts.staticWeights !== true) return undefined;
      // The index reads the peers: the old one writes its values back first.
      this.setAside();
      const next = SmoothWeightedIndex.ofPool(pool, pool.map((c) => this.peer(c.deployment.id)), this.weightOf);
      if (next !== undefined) this.live = true;
      return next;
    });
  }

  pick(candidates: readonly Candidate[], weightOf: CandidateWeight): Candidate | undefined {
    this.weightOf = weightOf;
    // The pool itself, or a retry's pool (the pool less the tried deployments, in order).
    const index = this.kept.over(candidates);
    if (index !== undefined) {
      if (!this.live) index.reopen();
      this.live = true;
      return this.kept.cut === undefined ? index.pick() : index.pickExcept(this.kept.cutPositions);
    }
    this.setAside();
    return this.scan(candidates, weightOf);
  }

  /** The deployment's current (smooth) weight, for `explain`. */
  currentWeight(deploymentId: string): number {
    this.setAside();
    return this.peers.get(deploymentId)?.current ?? 0;
  }

  private scan(candidates: readonly Candidate[], weightOf: CandidateWeight): Candidate | undefined {
    // Huge weights (two of 1e308) would overflow the total and the current values: all are
    // scaled exactly by a power of two (1 for ordinary weights, which keeps their picks).
    let max = 0;
    for (const c of candidates) max = Math.max(max, weightOf(c));
    const scale = weightScale(max);
    let best: Candidate | undefined;
    let bestPeer: PeerState | undefined;
    let total = 0;
    for (const c of candidates) {
      const weight = weightOf(c) * scale;
      const peer = this.peer(c.deployment.id);
      peer.current += weight;
      total += weight;
      if (bestPeer === undefined || peer.current > bestPeer.current) {
        best = c;
        bestPeer = peer;
      }
    }
    if (bestPeer !== undefined) bestPeer.current -= total;
    return best;
  }

  /** The index's values go back to the peers (a different list, or explain, reads them next). */
  private setAside(): void {
    if (!this.live) return;
    this.kept.current!.materialize();
    this.live = false;
  }

  private peer(id: string): PeerState {
    let peer = this.peers.get(id);
    if (peer === undefined) {
      peer = { current: 0 };
      this.peers.set(id, peer);
    }
    return peer;
  }
}
