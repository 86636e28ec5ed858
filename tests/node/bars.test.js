// The per-layer bar chart's geometry (web/plots/bars.js barLayout), without a canvas.
import test from 'node:test';
import assert from 'node:assert/strict';
import { barLayout } from '../../web/plots/bars.js';

test('linear: heights proportional to the values from 0, groups side by side, series in order', () => {
  const { lo, hi, bars } = barLayout([[1, 2], [4, 0]], { w: 100, h: 80 });
  assert.equal(lo, 0);
  assert.equal(hi, 4);
  const at = (s, g) => bars.find((b) => b.s === s && b.g === g);
  assert.equal(at(1, 0).h, 80);
  assert.equal(at(0, 0).h, 20);
  assert.equal(at(0, 1).h, 40);
  assert.equal(at(1, 1).h, 0, 'a 0 has no height');
  for (const b of bars) assert.equal(b.y + b.h, 80, 'every bar stands on the baseline');
  // group 0's two bars, then group 1's, left to right, none overlapping, all inside the width
  const xs = [at(0, 0), at(1, 0), at(0, 1), at(1, 1)];
  xs.forEach((b, i) => i && assert.ok(b.x >= xs[i - 1].x + xs[i - 1].w - 1e-9, `bar ${i} overlaps`));
  assert.ok(xs[3].x + xs[3].w <= 100 + 1e-9);
});

test('log: the scale spans whole decades; each decade the same height; 0 and NaN have no bar', () => {
  const { lo, hi, bars } = barLayout([[1e-5, 1e-3, 0], [0.02, NaN, 1e-4]], { w: 60, h: 100, log: true });
  assert.equal(lo, 1e-5);
  assert.equal(hi, 0.1);
  const h = (s, g) => bars.find((b) => b.s === s && b.g === g).h;
  assert.equal(h(0, 0), 0, 'the bottom of the scale');
  assert.ok(Math.abs(h(0, 1) - 50) < 1e-9, '1e-3 is two of four decades up');
  assert.ok(Math.abs(h(1, 2) - 25) < 1e-9);
  assert.equal(h(0, 2), 0);
  assert.equal(h(1, 1), 0);
});

test('all zeros: a flat chart with a scale; ragged series refused', () => {
  const { hi, bars } = barLayout([[0, 0, 0]], { w: 30, h: 10 });
  assert.ok(hi > 0);
  assert.deepEqual(bars.map((b) => b.h), [0, 0, 0]);
  assert.throws(() => barLayout([[1, 2], [3]], { w: 10, h: 10 }), /every series needs 2 values/);
});
