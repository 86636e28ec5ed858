// xy.js — a small x–y chart on a canvas: point clouds (predicted vs. actual, residuals),
// curves (ROC, precision–recall), optional reference lines (y = x, y = 0) and a marked point.
// Imperative, like linechart.js: the page calls draw() with typed arrays; nothing is kept but
// the last picture's inputs.

import { drawFrame, startFrame } from './frame.js';

// More room below and left than the line chart's: these axes carry titles.
const PAD = { l: 52, r: 10, t: 10, b: 32 };

/**
 * @typedef {{x: ArrayLike<number>, y: ArrayLike<number>, color: string, label?: string,
 *   mode?: 'dots'|'line', size?: number}} Series
 * @typedef {{series: Series[], xLabel: string, yLabel: string, xRange?: [number, number],
 *   yRange?: [number, number], diagonal?: boolean, zeroLine?: boolean,
 *   mark?: {x: number, y: number, color: string}, format?: (v: number) => string}} Picture
 */

/** @param {HTMLCanvasElement} canvas */
export function createXYPlot(canvas) {
  return {
    /** @param {Picture} pic */
    draw(pic) {
      const frame = startFrame(canvas);
      if (!frame) return;
      const { ctx, cw, ch } = frame;
      const fmt = pic.format ?? compact;
      const [x0, x1] = pic.xRange ?? extent(pic.series.map((s) => s.x));
      const [y0, y1] = pic.yRange ?? extent(pic.series.map((s) => s.y));
      const W = cw - PAD.l - PAD.r, H = ch - PAD.t - PAD.b;
      const sx = (/** @type {number} */ v) => PAD.l + ((v - x0) / (x1 - x0)) * W;
      const sy = (/** @type {number} */ v) => PAD.t + (1 - (v - y0) / (y1 - y0)) * H;

      drawFrame(ctx, PAD, W, H, { yHi: fmt(y1), yLo: fmt(y0), xLo: fmt(x0), xHi: fmt(x1), xBaseline: PAD.t + H + 13 });
      ctx.textAlign = 'center';
      ctx.fillText(pic.xLabel, PAD.l + W / 2, ch - 4);
      ctx.save();
      ctx.translate(12, PAD.t + H / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(pic.yLabel, 0, 0);
      ctx.restore();

      ctx.save();
      ctx.beginPath();
      ctx.rect(PAD.l, PAD.t, W, H);
      ctx.clip();
      ctx.setLineDash([4, 3]);
      ctx.strokeStyle = '#999';
      if (pic.diagonal) line(ctx, sx(Math.max(x0, y0)), sy(Math.max(x0, y0)), sx(Math.min(x1, y1)), sy(Math.min(x1, y1)));
      if (pic.zeroLine && y0 < 0 && y1 > 0) line(ctx, PAD.l, sy(0), PAD.l + W, sy(0));
      ctx.setLineDash([]);
      for (const s of pic.series) {
        ctx.fillStyle = ctx.strokeStyle = s.color;
        if (s.mode === 'line') {
          ctx.lineWidth = 2;
          ctx.beginPath();
          for (let i = 0; i < s.x.length; i++) {
            if (i) ctx.lineTo(sx(s.x[i]), sy(s.y[i])); else ctx.moveTo(sx(s.x[i]), sy(s.y[i]));
          }
          ctx.stroke();
        } else {
          const r = s.size ?? 2;
          for (let i = 0; i < s.x.length; i++) ctx.fillRect(sx(s.x[i]) - r / 2, sy(s.y[i]) - r / 2, r, r);
        }
      }
      if (pic.mark) {
        ctx.fillStyle = pic.mark.color;
        ctx.beginPath();
        ctx.arc(sx(pic.mark.x), sy(pic.mark.y), 5, 0, 2 * Math.PI);
        ctx.fill();
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

/** @param {CanvasRenderingContext2D} ctx @param {number} ax @param {number} ay @param {number} bx @param {number} by */
function line(ctx, ax, ay, bx, by) {
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx, by);
  ctx.stroke();
}

/**
 * [min, max] over all arrays, widened a little so no point sits on the frame.
 * @param {ArrayLike<number>[]} arrays @returns {[number, number]}
 */
function extent(arrays) {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrays) for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i])) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); }
  }
  if (!(lo <= hi)) return [0, 1];
  const pad = (hi - lo) * 0.04 || 0.5;
  return [lo - pad, hi + pad];
}

/** 1234567 → 1.23M, 0.5 → 0.5: axis ends that fit in the margin. @param {number} v */
export function compact(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 100) return v.toFixed(0);
  return Number(v.toPrecision(3)).toString();
}
