import { weightScale } from '../../../core/weight-scale.js';
import type { Candidate } from '../../types.js';
import type { CandidateWeight } from './picker-types.js';

interface PeerState {
  current: number;
}

/**
 * nginx's smooth weighted round robin: every pick adds each candidate's weight to its
 * current value, takes the largest (first in list on ties) and subtracts the total from it.
 * Over every full cycle of sum(weights) picks the counts equal the weights exactly, and the
 * picks are interleaved (no A,A,A,B bursts like an expanded list). Weights may change
 * between picks (the adaptive strategy relies on that).
 */
export class SmoothWeightedPicker {
  private readonly peers = new Map<string, PeerState>();

  pick(candidates: readonly Candidate[], weightOf: CandidateWeight): Candidate | undefined {
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

  /** The deployment's current (smooth) weight, for `explain`. */
  currentWeight(deploymentId: string): number {
    return this.peers.get(deploymentId)?.current ?? 0;
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
