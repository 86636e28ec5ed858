// The worker's training session (web/worker/session.js) with the real engine: every task's
// output shape, perceptron mode, clicked-in points, stopping rules, divergence, export/import.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from './engine-util.js';
import { Session, BOUNDARY_RES, NEURON_RES, MAX_DRAWN } from '../../web/worker/session.js';
import { defaults, ROW } from '../../web/state.js';
import { toSpec } from '../../web/lib/spec.js';
import { decodeSnapshot } from '../../web/lib/snapshot.js';

const engine = await loadEngine();
const session = (patch) => {
  const s = new Session(engine);
  s.configure({ ...defaults(), ...patch });
  return s;
};
const snap = (s) => decodeSnapshot(s.snapshot(false).msg);
const train = (s, epochs) => {
  for (let i = 0; i < epochs; i++) { const ev = s.epochStep(); if (ev) return ev; }
  return null;
};

test('snapshot sections have the sizes the page expects', () => {
  const s = session({ hidden: [12, 3], acts: ['relu', 'tanh'], features: ['x1', 'x2', 'x1x2'] });
  const { meta, arrays } = snap(s);
  assert.deepEqual(meta.sizes, [3, 12, 3, 1]);
  assert.deepEqual(meta.drawn, [3, MAX_DRAWN, 3, 1]);
  assert.equal(arrays.boundary.length, BOUNDARY_RES ** 2);
  assert.equal(arrays.neurons.length, (3 + MAX_DRAWN + 3 + 1) * NEURON_RES ** 2);
  assert.equal(arrays.params.length, 3 * 12 + 12 + 12 * 3 + 3 + 3 + 1);
  assert.equal(arrays.history.length, meta.rowWidth, 'one row for the initial weights');
  assert.deepEqual(meta.inputNames, ['x₁', 'x₂', 'x₁x₂']);
  // the first input neuron's map is x1 itself across the grid: left edge negative, right positive
  assert.ok(arrays.neurons[0] < -5 && arrays.neurons[NEURON_RES - 1] > 5);
});

test('multiclass: one probability per class per grid cell, summing to 1', () => {
  const s = session({ dataset: 'multiclass', classes: 4 });
  train(s, 5);
  const { meta, arrays } = snap(s);
  assert.equal(meta.outputs, 4);
  assert.equal(arrays.boundary.length, 4 * BOUNDARY_RES ** 2);
  const sum = arrays.boundary.subarray(0, 4).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5);
  assert.ok(meta.testAcc > 0.5, `accuracy ${meta.testAcc} after 5 epochs on well-separated blobs`);
});

test('regression reports R² and learns the plane', () => {
  const s = session({ problem: 'regression', dataset: 'plane', optimizer: 'adam', lr: 0.01 });
  train(s, 40);
  const { meta } = snap(s);
  assert.equal(meta.task, 'regression');
  assert.ok(meta.testAcc > 0.95, `R² ${meta.testAcc}`);
});

test('perceptron mode: converges on two Gaussians, refuses XOR-like data after its cap', () => {
  const s = session({ dataset: 'gauss', perceptron: true, lr: 0.1 });
  const ev = train(s, 600);
  assert.equal(ev?.reason, 'converged', JSON.stringify(ev));
  assert.equal(snap(s).meta.trainAcc, 1);
  const x = session({ dataset: 'xor', perceptron: true, points: 60 });
  assert.equal(train(x, 1000)?.reason, 'cap');
});

test('clicked-in points join the training data; shift-click removes the nearest', () => {
  const s = session({ points: 100, trainPct: 50 });
  const n0 = s.points.nTrain;
  s.addPoint(5.5, 5.5, 1);
  assert.equal(s.points.nTrain, n0 + 1);
  assert.equal(s.train.n, n0 + 1);
  assert.equal(s.removePoint(5.4, 5.6, 0.4), true);
  assert.equal(s.points.nTrain, n0);
  const [gx, gy] = [s.points.x[0], s.points.x[1]];
  assert.equal(s.removePoint(gx, gy, 0.01), true, 'a generated point can be removed too');
  assert.equal(s.points.nTrain, n0 - 1);
  assert.equal(s.removePoint(100, 100, 0.4), false);
  s.configure({ ...s.state, dataSeed: 2 });
  assert.equal(s.points.nTrain, n0, 'a new data set forgets the clicks');
});

test('stopping: an epoch cap, early stopping with the best epoch, divergence pauses with a reason', () => {
  const capped = session({ maxEpochs: 3 });
  assert.match(train(capped, 10).message, /cap of 3 epochs/);
  assert.equal(capped.epoch, 3);

  const early = session({ dataset: 'spiral', hidden: [8, 8], acts: ['relu', 'relu'], noise: 0.5, points: 100,
    optimizer: 'adam', lr: 0.05, earlyStop: true, patience: 5 });
  const ev = train(early, 2000);
  assert.equal(ev?.reason, 'early');
  assert.ok(early.bestEpoch >= 1 && early.bestEpoch < early.epoch, `best ${early.bestEpoch} of ${early.epoch}`);
  assert.match(ev.message, new RegExp(`from epoch ${early.bestEpoch}\\.`));

  const wild = session({ problem: 'regression', dataset: 'plane', hidden: [8, 8], acts: ['relu', 'relu'], lr: 10 });
  const d = train(wild, 200);
  assert.equal(d?.reason, 'diverged');
  assert.match(d.message, /diverged at epoch \d+/);
  assert.doesNotThrow(() => wild.snapshot(false), 'the model stays usable');
});

test('export then import restores the weights into a fresh session', () => {
  const a = session({ dataset: 'xor', hidden: [5], acts: ['tanh'] });
  train(a, 20);
  const m = a.exportModel();
  const b = session({});
  b.configure({ ...defaults(), dataset: 'xor', hidden: [5], acts: ['tanh'] });
  b.importParams(m.params);
  assert.deepEqual(Array.from(b.net.params()), Array.from(a.net.params()));
  assert.throws(() => b.importParams(m.params.slice(1)), /has 20 parameters, this network needs 21/);
  // over a trained model of the same settings: the weights come in, the optimizer starts afresh
  const c = session({ dataset: 'xor', hidden: [5], acts: ['tanh'], optimizer: 'adam' });
  train(c, 5);
  assert.ok(c.net.steps > 0);
  const mine = Array.from(c.net.params());
  c.importParams(m.params);
  assert.equal(c.net.steps, 0, 'optimizer steps after the import');
  assert.deepEqual(Array.from(c.net.params()), Array.from(a.net.params()));
  // a refused file leaves the model as it was
  const kept = Array.from(c.net.params());
  assert.throws(() => c.importParams(m.params.map((v, i) => (i === 3 ? NaN : v))), /^Error: Import: /);
  assert.deepEqual(Array.from(c.net.params()), kept);
  assert.notDeepEqual(kept, mine);
});

test('history rows waiting for a page that draws nothing stay bounded, newest kept', () => {
  const s = session({ points: 40, batch: 40 });
  for (const epochs of [4096, 1, 5000]) {
    train(s, epochs);
    const { meta, arrays } = snap(s);
    const rows = arrays.history.length / meta.rowWidth;
    assert.ok(rows <= 4096, `${rows} rows`);
    assert.equal(arrays.history[(rows - 1) * meta.rowWidth], s.epoch, 'the last epoch is kept');
  }
});

test('every value the settings table allows is accepted by the engine (the table is no wider than C)', () => {
  const specKeys = ['dropout', 'init', 'initScale', 'leakySlope', 'loss', 'optimizer', 'lr', 'momentum', 'weightDecay',
    'beta1', 'beta2', 'rho', 'clipNorm', 'batch', 'reg', 'regRate', 'schedule', 'decaySteps', 'gamma', 'lrMin', 'warmup', 'seed',
    'batchnorm'];
  const refused = [];
  for (const key of specKeys) {
    const row = ROW[key];
    const values = row.type === 'enum' ? row.values : row.type === 'bool' ? [false, true] : [row.min, row.max];
    for (const v of values) {
      for (const extra of [{}, { reg: 'l1', regRate: 1 }, { optimizer: 'adamw' }, { schedule: 'cosine' }]) {
        // lr_min <= lr is a cross-field rule the engine checks (and the page reports)
        const state = { ...defaults(), ...extra, ...(key === 'lrMin' ? { lr: 10 } : {}), [key]: v };
        try { engine.createModel(toSpec(state)).free(); } catch (e) { refused.push(`${key}=${v} ${JSON.stringify(extra)}: ${e.message}`); }
      }
    }
  }
  assert.deepEqual(refused, []);
  assert.throws(() => engine.createModel(toSpec({ ...defaults(), lrMin: 1 })), /lr_min: must not exceed lr/);
});

test('the last point of the training or test part cannot be removed, and the session keeps working', () => {
  const s = session({ points: 20, trainPct: 90 });
  const nTest = s.points.y.length - s.points.nTrain;
  assert.equal(nTest, 2);
  const at = (i) => [s.points.x[2 * i], s.points.x[2 * i + 1]];
  assert.equal(s.removePoint(...at(s.points.nTrain), 1e-6), true);
  assert.throws(() => s.removePoint(...at(s.points.nTrain), 1e-6), /last test point stays/);
  assert.equal(s.points.y.length - s.points.nTrain, 1);
  assert.equal(train(s, 3), null, 'training and evaluation still work');
  s.addPoint(0, 0, 1);
  assert.equal(s.train.n, s.points.nTrain);
});
