// linechart.js — a small line chart on a canvas: several series over a shared x (epochs),
// optional log scale, a vertical marker (the best epoch), and a hover readout of the values
// under the pointer. One series can stand out (the others faded): the one nearest the
// pointer, or one a legend names. Imperative: the page calls draw() with typed arrays each
// frame.

import { trackPointer } from './canvas.js';
import { FONT, drawFrame, startFrame } from './frame.js';

const PAD = { l: 50, r: 8, t: 8, b: 18 };

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{series: {label: string, color: string}[], log?: boolean, format?: (v: number) => string,
 *   onHighlight?: (series: number) => void}} opts  onHighlight: told the series the pointer
 *   picked (-1: none), for a legend to follow
 */
export function createLineChart(canvas, opts) {
  const fmt = opts.format ?? formatNumber;
  /** @type {{x: ArrayLike<number>, ys: ArrayLike<number>[], mark: number} | null} */
  let data = null;
  let picked = -1;    // the series nearest the pointer
  let named = -1;     // the series a legend points at
  /** @type {((v: number) => number) | null} the last frame's y scale, to pick a series by */
  let toY = null;

  const pointer = trackPointer(canvas, () => render());

  function render() {
    const n = data ? data.x.length : 0;
    const frame = startFrame(canvas, n ? null : { text: 'no data yet', x: PAD.l });
    if (!frame || !data) return;
    const { ctx, cw, ch } = frame;
    /** @type {(v: number) => number} */
    const tf = opts.log ? (v) => (v > 0 ? Math.log10(v) : NaN) : (v) => v;
    let lo = Infinity, hi = -Infinity;
    for (const y of data.ys) for (let i = 0; i < n; i++) {
      const v = tf(y[i]);
      if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (!(lo <= hi)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { const pad = Math.abs(hi) * 0.1 || 0.5; lo -= pad; hi += pad; }
    const x0 = data.x[0], x1 = Math.max(data.x[n - 1], x0 + 1);
    const W = cw - PAD.l - PAD.r, H = ch - PAD.t - PAD.b;
    const sx = (/** @type {number} */ v) => PAD.l + ((v - x0) / (x1 - x0)) * W;
    const sy = (/** @type {number} */ v) => PAD.t + (1 - (v - lo) / (hi - lo)) * H;

    const label = (/** @type {number} */ v) => fmt(opts.log ? 10 ** v : v);
    drawFrame(ctx, PAD, W, H, { yHi: label(hi), yLo: label(lo), xLo: String(x0), xHi: String(data.x[n - 1]), xBaseline: ch - 4 });

    if (data.mark >= x0) {
      ctx.strokeStyle = '#2a2';
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(sx(data.mark), PAD.t);
      ctx.lineTo(sx(data.mark), PAD.t + H);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    toY = (v) => sy(tf(v));
    const hover = pointer.at();
    const i = hover && hover.x >= PAD.l ? nearestIndex(n, sx, hover.x) : -1;
    const was = picked;
    picked = hover && i >= 0 && data.ys.length > 1 ? nearestSeries(i, hover.y) : -1;
    if (picked !== was) opts.onHighlight?.(picked);
    const lit = named >= 0 ? named : picked;
    // the highlighted series last, so it lies on top
    const order = data.ys.map((_, s) => s).sort((a, b) => Number(a === lit) - Number(b === lit));
    for (const s of order) {
      const y = data.ys[s];
      ctx.globalAlpha = lit < 0 || s === lit ? 1 : 0.25;
      ctx.strokeStyle = opts.series[s % opts.series.length].color;
      ctx.lineWidth = s === lit ? 2.5 : 1.5;
      ctx.beginPath();
      let pen = false;
      for (let k = 0; k < n; k++) {
        const v = tf(y[k]);
        if (!Number.isFinite(v)) { pen = false; continue; }
        if (pen) ctx.lineTo(sx(data.x[k]), sy(v)); else ctx.moveTo(sx(data.x[k]), sy(v));
        pen = true;
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    if (i >= 0) readout(ctx, i, sx, cw, lit);
  }

  /** The recorded epoch nearest the pointer's px. @param {number} n @param {(v: number) => number} sx @param {number} px */
  function nearestIndex(n, sx, px) {
    let i = 0;
    while (i + 1 < n && sx(data.x[i + 1]) <= px) i++;
    if (i + 1 < n && px - sx(data.x[i]) > sx(data.x[i + 1]) - px) i++;
    return i;
  }

  /** The series whose value at epoch index i lies nearest the pointer's height py. @param {number} i @param {number} py */
  function nearestSeries(i, py) {
    let best = -1, bestD = Infinity;
    data.ys.forEach((y, s) => {
      const d = Math.abs(toY(y[i]) - py);
      if (d < bestD) { bestD = d; best = s; }
    });
    return best;
  }

  /**
   * A crosshair at epoch index i and its values, drawn in a box; the highlighted series' line bold.
   * @param {CanvasRenderingContext2D} ctx @param {number} i @param {(v: number) => number} sx @param {number} cw @param {number} lit
   */
  function readout(ctx, i, sx, cw, lit) {
    const px = sx(data.x[i]);
    ctx.strokeStyle = '#999';
    ctx.beginPath();
    ctx.moveTo(px, PAD.t);
    ctx.lineTo(px, canvas.clientHeight - PAD.b);
    ctx.stroke();
    const x = data.x[i];
    // a series without a value there (no validation split) is left out
    const lines = [{ text: `epoch ${Number.isInteger(x) ? x : x.toFixed(1)}`, color: '#333', bold: false },
      ...data.ys.flatMap((y, s) => (Number.isNaN(y[i]) ? [] : [{
        text: `${opts.series[s % opts.series.length].label} ${fmt(y[i])}`, color: opts.series[s % opts.series.length].color, bold: s === lit,
      }]))];
    const w = Math.max(...lines.map((t) => ctx.measureText(t.text).width)) + 10;
    const bx = px + w + 8 < cw ? px + 6 : px - w - 6;
    ctx.fillStyle = 'rgba(255,255,255,0.92)';
    ctx.fillRect(bx, PAD.t + 2, w, lines.length * 14 + 6);
    ctx.strokeStyle = '#bbb';
    ctx.strokeRect(bx + 0.5, PAD.t + 2.5, w, lines.length * 14 + 6);
    ctx.textAlign = 'left';
    lines.forEach((t, k) => {
      ctx.fillStyle = t.color;
      ctx.font = t.bold ? `bold ${FONT}` : FONT;
      ctx.fillText(t.text, bx + 5, PAD.t + 16 + 14 * k);
    });
    ctx.font = FONT;
  }

  return {
    /** @param {ArrayLike<number>} x @param {ArrayLike<number>[]} ys @param {number} [mark] */
    draw(x, ys, mark = -1) { data = { x, ys, mark }; render(); },
    /** The series a legend points at stands out (-1: none). @param {number} s */
    highlight(s) { named = s; if (data) render(); },
    destroy: pointer.stop,
  };
}

/** @param {number} v */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(1);
  return v.toFixed(a < 1 ? 3 : 2);
}
