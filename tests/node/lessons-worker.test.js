// The lessons' worker requests (web/worker/lessons.js) on the real engine, with the presets'
// own networks: the traced step against values worked by hand, the race from one set of
// initial weights to six different curves, the loss surface against the loss computed by
// hand at a grid point, and the broken gradient caught by the check and released by the toggle.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './engine-util.js';
import { LESSON_HANDLERS as H } from '../../web/worker/lessons.js';
import { backprop, race, surface, gradcheck } from '../../web/presets/lessons.js';

const host = { engine: await loadEngine(), scratch: {} };
const near = (got, want, tol = 1e-6) => assert.ok(Math.abs(got - want) <= tol, `${got} != ${want}`);

test('backpropStep: the 2-2-1 step of lesson 3, by hand', () => {
  const L = backprop.lesson;
  const r = H.backpropStep({ ...L, reset: true }, host);
  const [hidden, out] = r.layers;
  // z1 = W1·x + b1 = (.1 + .4 + .5, .3 - .8 - .5); a1 = tanh z1; ŷ = σ(W2·a1 + b2)
  near(hidden.z[0], 1), near(hidden.z[1], -1);
  near(hidden.a[0], Math.tanh(1)), near(hidden.a[1], -Math.tanh(1));
  const yhat = 1 / (1 + Math.exp(-(2 * Math.tanh(1) + 0.25)));
  near(out.a[0], yhat);
  near(r.loss, -Math.log(yhat));
  near(out.delta[0], yhat - 1);                                   // δ2 = ŷ − y
  near(hidden.delta[0], (yhat - 1) * 1 * (1 - Math.tanh(1) ** 2)); // δ1 = δ2 · w · (1 − a²)
  near(r.grads[1], hidden.delta[0] * 2);                          // ∂L/∂W1[0][1] = δ1[0] · x[1]
  near(r.grads[6], out.delta[0] * hidden.a[0]);                   // ∂L/∂W2[0] = δ2 · a1[0]
  assert.deepEqual([...r.before], L.params.map(Math.fround));
  r.after.forEach((p, i) => near(p, r.before[i] - L.spec.lr * r.grads[i]));  // plain SGD
  // The next press goes on from the updated weights.
  const next = H.backpropStep({ ...L, reset: false }, host);
  assert.deepEqual(next.before, r.after);
  assert.ok(next.loss < r.loss, 'the step lowered the loss');
});

test('race: every optimizer from the same initial weights, six different curves', () => {
  const L = race.lesson;
  const start = H.raceStart(L, host);
  assert.equal(start.params.length, 6);
  for (const p of start.params) assert.deepEqual(p, start.params[0]);
  let r;
  for (let i = 0; i < 4; i++) r = H.raceStep({ epochs: 5, batch: L.batch }, host);
  assert.equal(r.epoch, 20);
  assert.equal(new Set(r.loss.map((l) => l.toFixed(6))).size, 6, `six different losses: ${r.loss}`);
  r.loss.forEach((l, i) => assert.ok(l < start.loss[i], `${L.runs[i].optimizer} learned: ${start.loss[i]} → ${l}`));
});

test('surface: the engine\'s loss on the grid, the paths from the start', () => {
  const L = { ...surface.lesson, steps: 30 };
  const r = H.surface(L, host);
  const n = L.grid.n;
  assert.equal(r.loss.length, n * n);
  // Grid corner (w, b) = (-1, -3): mean of ((-x - 3) - y)²
  const { x, y } = L.data;
  const mse = x.reduce((s, xi, i) => s + (-xi - 3 - y[i]) ** 2, 0) / x.length;
  near(r.loss[0], mse, 1e-4 * mse);
  assert.equal(r.paths.length, 6);
  for (const p of r.paths) {
    assert.deepEqual([...p.slice(0, 2)], L.start.map(Math.fround));
    const loss = (w, b) => x.reduce((s, xi, i) => s + (w * xi + b - y[i]) ** 2, 0) / x.length;
    assert.ok(loss(p.at(-2), p.at(-1)) < loss(...L.start) / 4, 'each path went downhill');
  }
  assert.notDeepEqual(r.paths[0], r.paths[5]);
  assert.deepEqual(host.scratch.surface, [], 'the models are freed');
});

test('gradcheckRun: the broken layer fails the check, the repaired one passes', () => {
  const L = gradcheck.lesson;
  const sound = H.gradcheckRun({ ...L, reset: true }, host);
  assert.ok(sound.maxRelErr < 1e-2, `sound: ${sound.maxRelErr}`);
  assert.equal(sound.numeric.length, 13);
  sound.numeric.forEach((v, i) => near(v, sound.backprop[i], 1e-3));
  const broken = H.gradcheckRun({ ...L, broken: 0 }, host);
  assert.equal(broken.broken, 0);
  assert.ok(broken.maxRelErr > 0.5, `broken: ${broken.maxRelErr}`);
  // Layer 0's parameters (W 3×2 and b 3) have backprop's sign flipped, layer 1's agree.
  for (let i = 0; i < 13; i++) {
    if (i < 9) near(broken.backprop[i], -broken.numeric[i], 1e-3);
    else assert.ok(broken.relErr[i] < 1e-2, `param ${i}: ${broken.relErr[i]}`);
  }
  const repaired = H.gradcheckRun({ ...L, broken: -1 }, host);
  assert.ok(repaired.maxRelErr < 1e-2, `repaired: ${repaired.maxRelErr}`);
  assert.throws(() => H.gradcheckRun({ ...L, broken: 5 }, host), /layer must be in \[-1, 1\]/);
});
