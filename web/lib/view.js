// view.js — the imperative half of one nnplay: it receives every decoded snapshot and the data
// points from the bridge and hands them to the plots its components attached (each component
// owns its canvases and registers a plot here through use-plot.js). It keeps what several
// plots read: the latest snapshot, the curves' history, the per-epoch results and the points.
// It draws nothing itself. Per-frame data never pass through Preact state, so a frame costs a
// few canvas calls, not a re-render.

import { History } from './history.js';

/**
 * @typedef {{meta: Record<string, any>, arrays: Record<string, Float32Array>}} Snapshot
 * @typedef {{layer: number, kind: string, shape: readonly number[], maps: Float32Array}[]} FeatureMaps
 *   the image layers' outputs for one input (worker/session.js featureMaps)
 * @typedef {{draw: (view: View) => void, data?: (view: View) => void, digit?: (view: View) => void,
 *   destroy?: () => void}} Plot  draw: a snapshot came; data: the points changed; digit: the
 *   digit pad's drawing or its prediction changed
 */

export class View {
  constructor() {
    /** @type {Record<string, Plot>} */
    this.plots = {};
    /** @type {Snapshot | null} the latest snapshot */
    this.last = null;
    /** @type {Snapshot | null} the latest snapshot's that carried results, meta.results as meta */
    this.results = null;
    /** @type {{x: Float32Array, y: Float32Array, nTrain: number, version: number, task: string} | null} */
    this.points = null;
    /** @type {History | null} */
    this.history = null;
    this.run = -1;
    /** @type {{x: Float32Array, out: Float32Array, maps: FeatureMaps | null} | null} the pad's digit */
    this.digit = null;
  }

  /** Registers a plot and draws it once; returns the detach. @param {string} name @param {Plot} plot */
  attach(name, plot) {
    this.plots[name] = plot;
    plot.draw(this);
    return () => {
      plot.destroy?.();
      if (this.plots[name] === plot) delete this.plots[name];
    };
  }

  /** Draws one plot again, e.g. after a control of its own changed. @param {string} name */
  redraw(name) { this.plots[name]?.draw(this); }

  /** @param {View['points']} points */
  onData(points) {
    this.points = points;
    for (const p of Object.values(this.plots)) p.data?.(this);
  }

  /** The digit pad drew and predicted (null: cleared). @param {View['digit']} digit */
  onDigit(digit) {
    this.digit = digit;
    for (const p of Object.values(this.plots)) p.digit?.(this);
  }

  /** @param {Snapshot} snap */
  onFrame(snap) {
    const { meta, arrays } = snap;
    if (meta.run !== this.run || !this.history || this.history.width !== meta.rowWidth) {
      this.history = new History(meta.rowWidth);
      this.run = meta.run;
    }
    this.history.append(arrays.history);
    this.last = snap;
    if (meta.results) this.results = { meta: meta.results, arrays };
    for (const p of Object.values(this.plots)) p.draw(this);
  }
}
