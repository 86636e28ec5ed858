// Boundary colours (web/plots/heatmap.js toPixels): the pixel maths without a canvas.
import test from 'node:test';
import assert from 'node:assert/strict';
import { toPixels } from '../../web/plots/heatmap.js';
import { ORANGE, BLUE, CLASS_COLORS } from '../../web/plots/colors.js';

const rgb = (px, i) => Array.from(px.subarray(4 * i, 4 * i + 3));
const WHITE = [250, 250, 250];
/** Does colour c lean from white towards a more than towards b? (cosine of the tint directions) */
const closer = (c, a, b) => {
  const dir = (x) => x.map((v, k) => v - WHITE[k]);
  const cos = (u, v) => u.reduce((s, x, k) => s + x * v[k], 0) / Math.hypot(...u) / Math.hypot(...v);
  return cos(dir(c), dir(a)) > cos(dir(c), dir(b));
};

test('binary: p = 0 leans orange, p = 1 blue, p = 0.5 is white; discretize flattens', () => {
  const px = toPixels(Float32Array.from([0, 1, 0.5, 0.9]), 2, { task: 'binary' });
  assert.ok(closer(rgb(px, 0), ORANGE, BLUE));
  assert.ok(closer(rgb(px, 1), BLUE, ORANGE));
  assert.deepEqual(rgb(px, 2), [250, 250, 250]);
  const d = toPixels(Float32Array.from([0.6, 0.99, 0.4, 0.01]), 2, { task: 'binary', discretize: true });
  assert.deepEqual(rgb(d, 0), rgb(d, 1));
  assert.deepEqual(rgb(d, 2), rgb(d, 3));
  assert.equal(px[3], 255);
});

test('multiclass: each cell takes the colour of its most probable class', () => {
  const p = Float32Array.from([0.1, 0.1, 0.8, /**/ 0.7, 0.2, 0.1, /**/ 0.2, 0.6, 0.2, /**/ 1 / 3, 1 / 3, 1 / 3]);
  const px = toPixels(p, 2, { task: 'multiclass', classes: 3 });
  assert.ok(closer(rgb(px, 0), CLASS_COLORS[2], CLASS_COLORS[0]));
  assert.ok(closer(rgb(px, 1), CLASS_COLORS[0], CLASS_COLORS[1]));
  assert.ok(closer(rgb(px, 2), CLASS_COLORS[1], CLASS_COLORS[2]));
  assert.deepEqual(rgb(px, 3), [250, 250, 250], 'no preference: white');
});

test('signed maps scale by the largest magnitude; NaN is grey; a wrong size is refused', () => {
  const px = toPixels(Float32Array.from([-6, 6, 0, NaN]), 2, { task: 'signed' });
  assert.ok(closer(rgb(px, 0), ORANGE, BLUE) && closer(rgb(px, 1), BLUE, ORANGE));
  assert.deepEqual(rgb(px, 2), WHITE);
  assert.deepEqual(rgb(px, 3), [128, 128, 128]);
  assert.throws(() => toPixels(new Float32Array(5), 2, { task: 'binary' }), /5 values do not fill a 2×2 grid/);
});

test('drawn larger than its grid, the outputs are interpolated: smooth between cells, exact on them', () => {
  // a 2×2 grid of p: 0 and 1 side by side; drawn 8 wide
  const grid = Float32Array.from([0, 1, 0, 1]);
  const px = toPixels(grid, 2, { task: 'binary' }, 8);
  assert.equal(px.length, 8 * 8 * 4);
  // the outermost pixels clamp to their cells' values, as at the grid's own size
  assert.deepEqual(rgb(px, 0), rgb(toPixels(grid, 2, { task: 'binary' }), 0));
  assert.deepEqual(rgb(px, 7), rgb(toPixels(grid, 2, { task: 'binary' }), 1));
  // across the middle the tint turns from orange through white to blue, step by step
  const row = Array.from({ length: 8 }, (_, j) => rgb(px, j));
  assert.ok(closer(row[2], ORANGE, BLUE) && closer(row[5], BLUE, ORANGE));
  const blueness = row.map(([r, , b]) => b - r);
  assert.ok(blueness.every((v, j) => j === 0 || v >= blueness[j - 1]), `monotone: ${blueness}`);
  assert.ok(new Set(blueness).size >= 6, 'not two blocks');
  // discretized, the edge sits where the interpolated p crosses 1/2: half the pixels each side
  const d = toPixels(grid, 2, { task: 'binary', discretize: true }, 8);
  const sides = Array.from({ length: 8 }, (_, j) => rgb(d, j)[2] > rgb(d, j)[0]);
  assert.deepEqual(sides, [false, false, false, false, true, true, true, true]);
});
