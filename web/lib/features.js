// features.js — the input plane and the feature transforms the learner picks (x₁, x₂, x₁²,
// x₂², x₁x₂, sin x₁, sin x₂, as in TensorFlow Playground). Points live in [-6, 6]²; a grid
// runs row by row from the top (x₂ = +6) so it maps straight onto image pixels.

export const EXTENT = 6;

/** @type {Record<string, (a: number, b: number) => number>} */
const TRANSFORMS = {
  x1: (a) => a,
  x2: (a, b) => b,
  x1sq: (a) => a * a,
  x2sq: (a, b) => b * b,
  x1x2: (a, b) => a * b,
  sinx1: (a) => Math.sin(a),
  sinx2: (a, b) => Math.sin(b),
};

export const FEATURE_LABELS = {
  x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂',
};

/**
 * @param {Float32Array} xy points (n, 2)
 * @param {string[]} names features, in order
 * @returns {Float32Array} (n, names.length)
 */
export function transform(xy, names) {
  const fns = names.map((k) => {
    const f = TRANSFORMS[k];
    if (!f) throw new Error(`features: unknown feature '${k}'`);
    return f;
  });
  const n = xy.length / 2, d = fns.length;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) out[i * d + j] = fns[j](xy[2 * i], xy[2 * i + 1]);
  return out;
}

/** @returns {Float32Array} (res*res, 2): pixel centres of a res×res image of the plane */
export function planeGrid(res) {
  const g = new Float32Array(res * res * 2);
  for (let i = 0; i < res; i++)
    for (let j = 0; j < res; j++) {
      g[2 * (i * res + j)] = -EXTENT + (2 * EXTENT * (j + 0.5)) / res;
      g[2 * (i * res + j) + 1] = EXTENT - (2 * EXTENT * (i + 0.5)) / res;
    }
  return g;
}

/** Plane coordinates of a point given as fractions (0..1) of a canvas's width and height. */
export function toPlane(fx, fy) {
  return [-EXTENT + 2 * EXTENT * fx, EXTENT - 2 * EXTENT * fy];
}
