// features.js — the plane the toy sets live in and the names of the features a learner picks
// (x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂, as in TensorFlow Playground). The engine computes
// the features (engine.toyFeatures); this is the page's geometry: points live in [-6, 6]², and
// a grid runs row by row from the top (x₂ = +6) so it maps straight onto image pixels.

export const EXTENT = 6;

/** @type {Record<string, string>} */
export const FEATURE_LABELS = {
  x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂',
};

/** @param {number} res @returns {Float32Array} (res*res, 2): pixel centres of a res×res image of the plane */
export function planeGrid(res) {
  const g = new Float32Array(res * res * 2);
  for (let i = 0; i < res; i++)
    for (let j = 0; j < res; j++) {
      g[2 * (i * res + j)] = -EXTENT + (2 * EXTENT * (j + 0.5)) / res;
      g[2 * (i * res + j) + 1] = EXTENT - (2 * EXTENT * (i + 0.5)) / res;
    }
  return g;
}

/** @param {number} n @returns {Float32Array} (n, 2): n points evenly from x₁ = -6 to +6 on the line x₂ = 0 */
export function planeLine(n) {
  const g = new Float32Array(n * 2);
  for (let j = 0; j < n; j++) g[2 * j] = -EXTENT + (2 * EXTENT * j) / (n - 1);
  return g;
}

/**
 * Plane coordinates of a point given as fractions (0..1) of a canvas's width and height.
 * @param {number} fx @param {number} fy @returns {[number, number]}
 */
export function toPlane(fx, fy) {
  return [-EXTENT + 2 * EXTENT * fx, EXTENT - 2 * EXTENT * fy];
}
