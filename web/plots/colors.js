// colors.js — the colour scales every plot shares. Two classes and signed values use
// TensorFlow Playground's orange (low, class 0, negative) through white to blue (high,
// class 1, positive); more classes get one hue each.

export const ORANGE = [245, 147, 34];
export const BLUE = [8, 119, 189];
const WHITE = [250, 250, 250];
export const CLASS_COLORS = [ORANGE, BLUE, [44, 160, 44], [148, 103, 189], [214, 39, 40]];

/**
 * @typedef {Uint8ClampedArray} Rgba  RGBA bytes, 4 per pixel
 * @typedef {number[]} Rgb
 */

/** Mixes a into b by t in [0, 1]; writes rgb into out at offset o. @param {Rgba} out @param {number} o @param {Rgb} a @param {Rgb} b @param {number} t */
function mix(out, o, a, b, t) {
  out[o] = a[0] + (b[0] - a[0]) * t;
  out[o + 1] = a[1] + (b[1] - a[1]) * t;
  out[o + 2] = a[2] + (b[2] - a[2]) * t;
  out[o + 3] = 255;
}

/** v in [-1, 1] → orange … white … blue; NaN is grey. @param {Rgba} out @param {number} o @param {number} v */
export function diverging(out, o, v) {
  if (Number.isNaN(v)) { out.set([128, 128, 128, 255], o); return; }
  const t = Math.max(-1, Math.min(1, v));
  if (t < 0) mix(out, o, WHITE, ORANGE, -t); else mix(out, o, WHITE, BLUE, t);
}

/** The colour of class c, lightened towards white by (1 - strength). @param {Rgba} out @param {number} o @param {number} c @param {number} strength */
export function classTint(out, o, c, strength) {
  mix(out, o, WHITE, CLASS_COLORS[c % CLASS_COLORS.length], Math.max(0, Math.min(1, strength)));
}

/** @param {ArrayLike<number>} rgb @param {number} [alpha] */
export const css = (rgb, alpha = 1) => `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${alpha})`;

/** One colour per series of a comparison (the optimizers of the race and the loss surface). */
export const SERIES_COLORS = ['#5f6b76', '#0877bd', '#2ca02c', '#9467bd', '#d62728', '#f59322'];
