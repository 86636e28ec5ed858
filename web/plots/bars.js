// bars.js — a small grouped bar chart on a canvas: one group per layer, one bar per series
// (a run of the race), on a linear scale from 0 or a log scale over the values' decades, and a
// readout of the bar under the pointer. barLayout is the geometry alone, so Node tests it
// without a canvas. Imperative like the line chart: the page calls draw() with new values.

import { trackPointer } from './canvas.js';
import { drawFrame, startFrame } from './frame.js';
import { formatNumber } from './linechart.js';

const PAD = { l: 50, r: 8, t: 8, b: 18 };
/** 10^k exactly as written (10 ** -5 is 9.999…e-6). @param {number} k */
const decade = (k) => Number(`1e${k}`);

/**
 * Where each bar goes in a plot area of w × h: groups side by side, each group's bars in
 * series order. Linear: bars grow from 0 to the largest value. Log: from the decade below the
 * smallest positive value to the decade above the largest; a value of 0 (or not finite) has
 * no bar, as nothing is drawn for it on a log scale.
 * @param {ArrayLike<number>[]} values  [series][group]
 * @param {{w: number, h: number, log?: boolean}} box
 * @returns {{lo: number, hi: number, bars: {s: number, g: number, x: number, y: number, w: number, h: number}[]}}
 *   lo, hi: the scale's ends (values); y is the bar's top from the area's top
 */
export function barLayout(values, { w, h, log = false }) {
  const groups = values[0]?.length ?? 0;
  if (values.some((v) => v.length !== groups)) throw new Error(`bars: every series needs ${groups} values`);
  const all = values.flatMap((v) => Array.from(v)).filter((v) => Number.isFinite(v) && (log ? v > 0 : v >= 0));
  let lo = 0, hi = Math.max(0, ...all);
  if (log) {
    lo = all.length ? decade(Math.floor(Math.log10(Math.min(...all)))) : 1;
    hi = all.length ? decade(Math.ceil(Math.log10(hi))) : 10;
    if (hi <= lo) hi = lo * 10;
  }
  if (!(hi > lo)) hi = lo + 1;
  const t = log ? (/** @type {number} */ v) => Math.log10(v / lo) / Math.log10(hi / lo) : (/** @type {number} */ v) => v / hi;
  const slot = groups ? w / groups : 0, gap = Math.min(6, slot * 0.2), bw = values.length ? (slot - gap) / values.length : 0;
  const bars = [];
  for (let s = 0; s < values.length; s++) for (let g = 0; g < groups; g++) {
    const v = values[s][g];
    const height = Number.isFinite(v) && (log ? v > 0 : v >= 0) ? h * Math.min(1, t(v)) : 0;
    bars.push({ s, g, x: g * slot + gap / 2 + s * bw, y: h - height, w: bw, h: height });
  }
  return { lo, hi, bars };
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{series: {label: string, color: string}[], groups: string[], log?: boolean, empty?: string}} opts
 *   groups: the names under the groups (layer numbers); empty: shown until the first values
 */
export function createBarChart(canvas, opts) {
  /** @type {ArrayLike<number>[] | null} */
  let data = null;
  const pointer = trackPointer(canvas, () => render());

  function render() {
    const frame = startFrame(canvas, data ? null : { text: opts.empty ?? 'no data yet', x: PAD.l });
    if (!frame || !data) return;
    const { ctx, cw, ch } = frame;
    const W = cw - PAD.l - PAD.r, H = ch - PAD.t - PAD.b;
    const { lo, hi, bars } = barLayout(data, { w: W, h: H, log: opts.log });
    drawFrame(ctx, PAD, W, H, { yHi: formatNumber(hi), yLo: formatNumber(lo), xLo: '', xHi: '', xBaseline: ch - 4 });
    const hover = pointer.at();
    let lit = null;
    for (const b of bars) {
      ctx.fillStyle = opts.series[b.s].color;
      ctx.fillRect(PAD.l + b.x, PAD.t + b.y, Math.max(1, b.w - 1), b.h);
      if (hover && hover.x >= PAD.l + b.x && hover.x < PAD.l + b.x + b.w) lit = b;
    }
    ctx.fillStyle = '#555';
    ctx.textAlign = 'center';
    const slot = W / opts.groups.length;
    opts.groups.forEach((name, g) => ctx.fillText(name, PAD.l + (g + 0.5) * slot, ch - 4));
    if (lit) {
      const text = `layer ${opts.groups[lit.g]}, ${opts.series[lit.s].label}: ${formatNumber(data[lit.s][lit.g])}`;
      ctx.textAlign = 'right';
      const tw = ctx.measureText(text).width;
      ctx.fillStyle = 'rgba(255,255,255,0.9)';
      ctx.fillRect(PAD.l + W - tw - 8, PAD.t + 2, tw + 6, 16);
      ctx.fillStyle = '#222';
      ctx.fillText(text, PAD.l + W - 5, PAD.t + 14);
    }
  }

  return {
    /** @param {ArrayLike<number>[] | null} values  [series][group]; null: none yet */
    draw(values) { data = values; render(); },
    redraw: render,
    destroy: pointer.stop,
  };
}
