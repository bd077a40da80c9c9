import { escapeControls } from './terminal-output.js';

/**
 * A one-line progress bar on stderr. Silent unless stderr is a TTY and not --quiet, so
 * pipes, CI logs and --json output stay clean. Shown only once work has taken > 1 s.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private readonly startedMs = Date.now();
  private lastDrawMs = 0;
  private drawn = false;

  constructor(private readonly label: string, quiet = false, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = !quiet && stream.isTTY === true;
  }

  update(fraction: number, detail = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.startedMs < 1000 || (now - this.lastDrawMs < 100 && fraction < 1)) return;
    this.lastDrawMs = now;
    const width = 30;
    const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
    const elapsedS = (now - this.startedMs) / 1000;
    const etaS = fraction > 0 ? (elapsedS / fraction) * (1 - fraction) : NaN;
    const eta = Number.isFinite(etaS) ? ` eta ${etaS.toFixed(0)}s` : '';
    // CR and erase-line are the bar's own; the label and detail may carry scenario text.
    this.stream.write(`\r${escapeControls(`${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${eta} ${detail}`)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}
