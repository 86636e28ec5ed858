// linechart.js — a small line chart on a canvas: several series over a shared x (epochs),
// optional log scale, a vertical marker (the best epoch), and a hover readout of the values
// under the pointer. Imperative: the page calls draw() with typed arrays each frame.

import { fitCanvas } from './canvas.js';
import { FONT, drawFrame } from './frame.js';

const PAD = { l: 50, r: 8, t: 8, b: 18 };

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{series: {label: string, color: string}[], log?: boolean, format?: (v: number) => string}} opts
 */
export function createLineChart(canvas, opts) {
  const fmt = opts.format ?? formatNumber;
  /** @type {{x: ArrayLike<number>, ys: ArrayLike<number>[], mark: number} | null} */
  let data = null;
  /** @type {number | null} pointer x in CSS pixels */
  let hoverX = null;

  const onMove = (/** @type {PointerEvent} */ e) => { hoverX = e.offsetX; render(); };
  const onLeave = () => { hoverX = null; render(); };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', onLeave);

  function render() {
    const cw = canvas.clientWidth, ch = canvas.clientHeight;
    if (!cw || !ch) return;
    const ctx = fitCanvas(canvas, cw, ch);
    ctx.clearRect(0, 0, cw, ch);
    ctx.font = FONT;
    const n = data ? data.x.length : 0;
    if (n === 0) {
      ctx.fillStyle = '#888';
      ctx.fillText('no data yet', PAD.l, ch / 2);
      return;
    }
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
    data.ys.forEach((y, s) => {
      ctx.strokeStyle = opts.series[s % opts.series.length].color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < n; i++) {
        const v = tf(y[i]);
        if (!Number.isFinite(v)) { pen = false; continue; }
        if (pen) ctx.lineTo(sx(data.x[i]), sy(v)); else ctx.moveTo(sx(data.x[i]), sy(v));
        pen = true;
      }
      ctx.stroke();
    });
    if (hoverX !== null && hoverX >= PAD.l) readout(ctx, n, sx, cw);
  }

  /**
   * A crosshair at the nearest recorded epoch and its values, drawn in a box.
   * @param {CanvasRenderingContext2D} ctx @param {number} n @param {(v: number) => number} sx @param {number} cw
   */
  function readout(ctx, n, sx, cw) {
    let i = 0;
    while (i + 1 < n && sx(data.x[i + 1]) <= hoverX) i++;
    if (i + 1 < n && hoverX - sx(data.x[i]) > sx(data.x[i + 1]) - hoverX) i++;
    const px = sx(data.x[i]);
    ctx.strokeStyle = '#999';
    ctx.beginPath();
    ctx.moveTo(px, PAD.t);
    ctx.lineTo(px, canvas.clientHeight - PAD.b);
    ctx.stroke();
    const lines = [`epoch ${data.x[i]}`, ...data.ys.map((y, s) => `${opts.series[s % opts.series.length].label} ${fmt(y[i])}`)];
    const w = Math.max(...lines.map((t) => ctx.measureText(t).width)) + 10;
    const bx = px + w + 8 < cw ? px + 6 : px - w - 6;
    ctx.fillStyle = 'rgba(255,255,255,0.92)';
    ctx.fillRect(bx, PAD.t + 2, w, lines.length * 14 + 6);
    ctx.strokeStyle = '#bbb';
    ctx.strokeRect(bx + 0.5, PAD.t + 2.5, w, lines.length * 14 + 6);
    ctx.textAlign = 'left';
    lines.forEach((t, k) => {
      ctx.fillStyle = k === 0 ? '#333' : opts.series[(k - 1) % opts.series.length].color;
      ctx.fillText(t, bx + 5, PAD.t + 16 + 14 * k);
    });
  }

  return {
    /** @param {ArrayLike<number>} x @param {ArrayLike<number>[]} ys @param {number} [mark] */
    draw(x, ys, mark = -1) { data = { x, ys, mark }; render(); },
    destroy() {
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerleave', onLeave);
    },
  };
}

/** @param {number} v */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(1);
  return v.toFixed(a < 1 ? 3 : 2);
}
