// view.js — the imperative half of one playground: it receives every decoded snapshot and the
// data points from the bridge and hands them to the plots the components attached (each
// component owns its canvases and registers a plot object here through useEffect). Per-frame
// data never pass through Preact state, so a frame costs a few canvas calls, not a re-render.

import { History } from './history.js';
import { drawHeatmap } from '../plots/heatmap.js';
import { drawPoints } from '../plots/points.js';

export class View {
  constructor() {
    this.plots = {};
    this.last = null;     // {meta, arrays} of the latest snapshot
    this.points = null;   // {x, y, nTrain}
    this.history = null;
    this.run = -1;
    this.display = { showTest: false, discretize: false };
  }

  /** Registers a plot (an object with draw(view) and optional destroy); returns the detach. */
  attach(name, plot) {
    this.plots[name] = plot;
    plot.draw(this);
    return () => {
      plot.destroy?.();
      if (this.plots[name] === plot) delete this.plots[name];
    };
  }

  setDisplay(display) {
    this.display = display;
    this.drawOutput();
  }

  onData(points) {
    this.points = points;
    this.drawOutput();
  }

  onFrame(snap) {
    const { meta, arrays } = snap;
    if (meta.run !== this.run || !this.history || this.history.width !== meta.rowWidth) {
      this.history = new History(meta.rowWidth);
      this.run = meta.run;
    }
    this.history.append(arrays.history);
    this.last = snap;
    for (const p of Object.values(this.plots)) p.draw(this);
  }

  /** The boundary and the points, e.g. after a display toggle. */
  drawOutput() {
    this.plots.boundary?.draw(this);
  }

  /** Paints the boundary heat map and the points onto the two stacked canvases. */
  paintBoundary(heat, dots) {
    const t = this.task();
    if (this.last) {
      const { meta, arrays } = this.last;
      drawHeatmap(heat, arrays.boundary, meta.boundaryRes,
        { task: t, classes: meta.classes, discretize: this.display.discretize });
    }
    if (this.points && this.pointsDrawn !== this.pointsKey(dots)) {
      drawPoints(dots, this.points, { task: this.points.task, showTest: this.display.showTest });
      this.pointsDrawn = this.pointsKey(dots);
    }
  }

  /** Points are redrawn only when the data, the test toggle or the canvas size change. */
  pointsKey(canvas) {
    return `${this.points.version}/${this.display.showTest}/${canvas.width}`;
  }

  task() {
    return this.last?.meta.task ?? this.points?.task ?? 'binary';
  }

  /** The model's output at a fraction (fx, fy) of the boundary canvas, or null. */
  outputAt(fx, fy) {
    if (!this.last) return null;
    const { meta, arrays } = this.last, res = meta.boundaryRes;
    const i = Math.min(res - 1, Math.max(0, Math.floor(fy * res)));
    const j = Math.min(res - 1, Math.max(0, Math.floor(fx * res)));
    const k = arrays.boundary.length / (res * res);
    return arrays.boundary.subarray((i * res + j) * k, (i * res + j + 1) * k);
  }
}
