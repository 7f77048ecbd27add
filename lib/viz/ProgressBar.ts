import cliProgress from "cli-progress";
import { newLiveDisplay } from "./kernelDisplay.js";

export interface ProgressOptions {
  total: number;
  label?: string;
  /** Least time between two redraws in a notebook, ms; more would flood the browser. */
  minIntervalMs?: number;
}

type Metrics = Record<string, number>;

function describe(metrics: Metrics): string {
  return Object.entries(metrics)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
    .join(" · ");
}

/**
 * A live progress bar for training loops: one display in a notebook, overwritten in
 * place (update_display_data); a terminal bar on a TTY; otherwise a line every 10%.
 */
export class ProgressBar {
  private readonly display = newLiveDisplay();
  private readonly bar: cliProgress.SingleBar | null = null;
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastLoggedDecile = -1;
  private value = 0;
  private metrics: Metrics = {};

  constructor(private readonly opts: ProgressOptions) {
    if (opts.total <= 0 || !Number.isFinite(opts.total)) throw new Error(`ProgressBar total must be a positive number, got ${opts.total}`);
    if (this.display === null && process.stderr.isTTY) {
      this.bar = new cliProgress.SingleBar(
        { format: `${opts.label ?? "progress"} [{bar}] {value}/{total} {metrics}`, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(opts.total, 0, { metrics: "" });
    }
    this.draw(true);
  }

  /** Sets the current step (0..total) and the metrics shown beside it. */
  update(value: number, metrics: Metrics = {}): void {
    this.value = Math.min(value, this.opts.total);
    this.metrics = metrics;
    this.draw(false);
  }

  /** Final redraw; the bar stays in the notebook as a record of the run. */
  done(metrics?: Metrics): void {
    if (metrics !== undefined) this.metrics = metrics;
    this.value = this.opts.total;
    this.draw(true);
    this.bar?.stop();
  }

  private draw(force: boolean): void {
    const now = Date.now();
    const secs = ((now - this.started) / 1000).toFixed(1);
    if (this.display !== null) {
      if (!force && now - this.lastDraw < (this.opts.minIntervalMs ?? 150)) return;
      this.lastDraw = now;
      const pct = ((100 * this.value) / this.opts.total).toFixed(0);
      this.display.html(
        `<div style="font-family:monospace">${this.opts.label ?? "progress"} ` +
          `<progress value="${this.value}" max="${this.opts.total}" style="width:40%;vertical-align:middle"></progress> ` +
          `${this.value}/${this.opts.total} (${pct}%) ${secs} s ${describe(this.metrics)}</div>`,
      );
    } else if (this.bar !== null) {
      this.bar.update(this.value, { metrics: describe(this.metrics) });
    } else {
      const decile = Math.floor((10 * this.value) / this.opts.total);
      if (decile === this.lastLoggedDecile && !force) return;
      this.lastLoggedDecile = decile;
      console.log(`${this.opts.label ?? "progress"} ${this.value}/${this.opts.total} ${secs} s ${describe(this.metrics)}`);
    }
  }
}
