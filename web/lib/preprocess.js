// preprocess.js — turns a drawing into an MNIST-like input, the way the MNIST digits were
// made (LeCun et al.): the ink's bounding box is scaled, keeping its aspect ratio, to fit a
// 20×20 box (area-averaged, so strokes keep their grey edges), then placed in a 28×28 field
// so that its centre of mass falls on the field's centre. The digit pad's own step, before
// the engine sees the input: it reads the pad's pixels. Pure: no canvas, tested in Node.

export const SIDE = 28;
export const BOX = 20;
const INK = 0.05; // a pixel darker than this counts for the bounding box

/**
 * @param {Float32Array} ink  (h, w) values in [0, 1], 1 = full ink, row-major
 * @param {number} w
 * @param {number} h
 * @returns {Float32Array | null} (28 × 28) in [0, 1], or null if nothing is drawn
 */
export function toMnist(ink, w, h) {
  if (ink.length !== w * h) throw new Error(`toMnist: ${ink.length} values for a ${w}×${h} image`);
  let x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if (ink[y * w + x] > INK) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
  const scale = BOX / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)), th = Math.max(1, Math.round(bh * scale));
  const small = resample(ink, w, x0, y0, bw, bh, tw, th);

  // centre of mass of the scaled digit, in its own pixel coordinates
  let m = 0, mx = 0, my = 0;
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) {
    const v = small[y * tw + x];
    m += v; mx += v * x; my += v * y;
  }
  const centre = (SIDE - 1) / 2;
  /** @param {number} s @param {number} size */
  const clampShift = (s, size) => Math.max(0, Math.min(SIDE - size, s));
  const ox = clampShift(Math.round(centre - mx / m), tw);
  const oy = clampShift(Math.round(centre - my / m), th);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < th; y++) for (let x = 0; x < tw; x++) out[(oy + y) * SIDE + ox + x] = small[y * tw + x];
  return out;
}

/**
 * The box (x0, y0, bw, bh) of `ink` resampled to tw × th: each target pixel is the mean of the
 * source pixels its area covers (at least the one under its centre, when enlarging).
 * @param {Float32Array} ink @param {number} w
 * @param {number} x0 @param {number} y0 @param {number} bw @param {number} bh
 * @param {number} tw @param {number} th
 */
function resample(ink, w, x0, y0, bw, bh, tw, th) {
  const out = new Float32Array(tw * th);
  const sx = bw / tw, sy = bh / th;
  for (let ty = 0; ty < th; ty++) {
    const ya = Math.floor(ty * sy), yb = Math.max(ya + 1, Math.floor((ty + 1) * sy));
    for (let tx = 0; tx < tw; tx++) {
      const xa = Math.floor(tx * sx), xb = Math.max(xa + 1, Math.floor((tx + 1) * sx));
      let s = 0;
      for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) s += ink[(y0 + y) * w + x0 + x];
      out[ty * tw + tx] = Math.min(1, s / ((yb - ya) * (xb - xa)));
    }
  }
  return out;
}
