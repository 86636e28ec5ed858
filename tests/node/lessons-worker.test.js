// The lessons' worker requests (web/worker/lessons.js) on the real engine, with the presets'
// own networks: the traced step against values worked by hand, the races (from one set of
// initial weights wherever the runs leave the init alone, their per-layer spreads the engine's,
// a schedule's rates its own), the loss surface against the loss computed by
// hand at a grid point, and the broken gradient caught by the check and released by the toggle.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './engine-util.js';
import { LESSON_HANDLERS as H } from '../../web/worker/lessons.js';
import { backprop, race, raceInit, raceBatchnorm, raceSchedules, raceActivations, surface, gradcheck } from '../../web/presets/lessons.js';
import { runSpec } from '../../web/lib/race.js';

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

/** Layer l's weight block of a run's parameters. */
const weights = (m, l, p) => Array.from(p.subarray(m.layers[l].w, m.layers[l].w + m.layers[l].in * m.layers[l].out));

test('race-init: the runs differ in their first weights as their inits say; zeros never gets a gradient', () => {
  const L = raceInit.lesson;
  const start = H.raceStart({ ...L, layers: true }, host);
  const models = host.scratch.race;
  assert.equal(start.gradStd, null, 'no gradient before a step');
  assert.ok(weights(models[0], 0, start.params[0]).every((w) => w === 0), 'zeros: all 0');
  const sd = (w) => Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
  // 4 inputs, 16 units: Xavier normal's std sqrt(2 / 20), He's sqrt(2 / 4), within sampling error of 64 draws
  near(sd(weights(models[1], 0, start.params[1])), Math.sqrt(2 / 20), 0.06);
  near(sd(weights(models[2], 0, start.params[2])), Math.sqrt(2 / 4), 0.2);
  let r;
  for (let e = 0; e < 3; e++) r = H.raceStep({ epochs: 1, batch: L.batch }, host);
  assert.equal(r.gradStd.length, 3);
  assert.deepEqual(r.gradStd[0], [0, 0, 0, 0, 0, 0], 'zeros: every hidden layer\'s gradient std is exactly 0');
  assert.deepEqual(r.actStd[0], [0, 0, 0, 0, 0, 0]);
  // The bars are the engine's numbers for these very models.
  const x = host.scratch.raceData.x;
  models.forEach((m, i) => {
    assert.deepEqual(r.actStd[i], Array.from(m.activationStd(x)).slice(0, 6));
    assert.deepEqual(r.gradStd[i], Array.from(m.gradStds()).slice(0, 6));
  });
  assert.ok(r.gradStd[2].every((g) => g > 0) && r.loss[2] < start.loss[2], 'He learns');
});

test('race-batchnorm, race-activations, race-schedules: one start for every run; each run its own fields', () => {
  for (const P of [raceBatchnorm, raceActivations, raceSchedules]) {
    const L = P.lesson;
    const start = H.raceStart({ ...L, layers: Boolean(L.layers) }, host);
    const models = host.scratch.race;
    models.forEach((m, i) => m.layers.forEach((_, l) => assert.deepEqual(weights(m, l, start.params[i]), weights(models[0], l, start.params[0]),
      `${P.id}: run ${i}, layer ${l} starts from run 0's weights`)));
    L.runs.forEach(({ label, ...fields }, i) => {
      for (const [k, v] of Object.entries(fields)) {
        if (typeof v === 'number') near(models[i].spec[k], v, 1e-7 * v); else assert.deepEqual(models[i].spec[k], v, `${P.id} ${label}: ${k}`);
      }
    });
    const r = H.raceStep({ epochs: 2, batch: L.batch }, host);
    assert.equal(r.epoch, 2);
    r.loss.forEach((l, i) => assert.ok(Number.isFinite(l) && l !== start.loss[i], `${P.id} run ${i} trained: ${start.loss[i]} → ${l}`));
  }
});

test('race-schedules: each run\'s rate is its schedule\'s at the steps it has taken', () => {
  const L = raceSchedules.lesson;
  H.raceStart(L, host);
  for (let e = 0; e < 40; e += 20) {
    const r = H.raceStep({ epochs: 20, batch: L.batch }, host);
    L.runs.forEach((run, i) => {
      assert.equal(r.steps[i], (e + 20) * 25);
      near(r.lr[i], host.engine.learningRates(runSpec(L.spec, run), [r.steps[i]])[0], 0);
    });
    near(r.lr[1], 0.3 * 0.5 ** Math.floor((e + 20) / 30), 1e-7);  // step: halved every 30 epochs
  }
});

test('race: a run\'s bad field is refused with the engine\'s message; no step until a start succeeds', () => {
  H.raceStart(race.lesson, host);
  assert.throws(() => H.raceStart({ ...raceInit.lesson, runs: [{ label: 'He', init: 'he' }, { label: 'bad', init: 'nope' }] }, host),
    /init: unknown name 'nope'/);
  assert.throws(() => H.raceStep({ epochs: 1, batch: 10 }, host), /raceStep: start it first/);
  assert.equal(H.raceStart(raceInit.lesson, host).loss.length, 3);
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
