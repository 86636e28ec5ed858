// The engine's calls for a model that goes on training while its settings change:
// Model.setTraining (nn_model_set_training), engine.learningRates (nn_sched_lr) and
// engine.epochSteps (nn_epoch_steps), through engine.js.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, XOR, SMALL } from './engine-util.js';

const engine = await loadEngine();

test('setTraining: a new rate applies from the next step, on the same weights and step count', () => {
  const net = engine.createModel({ ...SMALL, lr: 0.1 });
  try {
    for (let i = 0; i < 5; i++) net.trainStep(XOR.x, XOR.y);
    const before = net.params();
    assert.deepEqual(net.setTraining({ ...net.spec, lr: 0.02 }), { freshOptimizer: false });
    assert.equal(net.spec.lr, 0.02, 'the model reports its new spec');
    assert.equal(net.steps, 5);
    assert.equal(net.lr, Math.fround(0.02));
    net.trainStep(XOR.x, XOR.y);
    const g = net.grads(), after = net.params();
    const step = (i) => Math.fround(Math.fround(0.02) * g[i]); // float32 as in C
    assert.ok(after.every((p, i) => p === Math.fround(before[i] - step(i))), 'SGD: p - 0.02 g');
    assert.deepEqual(net.setTraining({ ...net.spec, optimizer: 'adam' }), { freshOptimizer: true });
  } finally {
    net.free();
  }
});

test('setTraining refuses a structural field or a bad value with C\'s message and changes nothing', () => {
  const net = engine.createModel(SMALL);
  try {
    net.trainStep(XOR.x, XOR.y);
    const params = net.params(), spec = net.spec;
    assert.throws(() => net.setTraining({ ...spec, layers: [5, 1] }), { code: 'NN_ERR_ARG', message: /^layers: fixed when the model is built/ });
    assert.throws(() => net.setTraining({ ...spec, seed: 8 }), { message: /^seed: fixed/ });
    assert.throws(() => net.setTraining({ ...spec, lr: 0 }), { message: /^lr: must be in \(0, 100\]/ });
    assert.deepEqual(net.params(), params);
    assert.equal(net.spec, spec);
    assert.equal(net.steps, 1);
  } finally {
    net.free();
  }
  const structural = engine.specSchema().filter((f) => f.structural).map((f) => f.name);
  assert.deepEqual(structural, ['inputs', 'input_shape', 'layers', 'activations', 'batchnorm', 'init', 'init_scale', 'seed']);
});

test('learningRates: the schedule a model of the spec follows, warm-up included', () => {
  const spec = { lr: 0.1, schedule: 'step', decay_steps: 10, gamma: 0.5, warmup: 4 };
  // warm-up 0.1 * (t+1)/4 for t < 4, then 0.1 * 0.5^floor((t-4)/10)
  const want = [0.025, 0.05, 0.075, 0.1, 0.1, 0.1, 0.05, 0.025].map(Math.fround);
  assert.deepEqual(Array.from(engine.learningRates(spec, [0, 1, 2, 3, 4, 13, 14, 24])), want);
  const net = engine.createModel({ ...SMALL, ...spec });
  try {
    const seen = [];
    for (let t = 0; t < 20; t++) { seen.push(net.lr); net.trainStep(XOR.x, XOR.y); }
    assert.deepEqual(seen, Array.from(engine.learningRates(spec, seen.map((_, t) => t))), 'the model follows it');
  } finally {
    net.free();
  }
  assert.throws(() => engine.learningRates(spec, [-1]), /steps\[0\]: must be an integer/);
  assert.throws(() => engine.learningRates({ schedule: 'sideways' }, [0]), /schedule: unknown name/);
});

test('epochSteps: the steps an epoch takes, as training counts them', () => {
  assert.equal(engine.epochSteps({}, 95, 10), 10);
  assert.equal(engine.epochSteps({}, 91, 0), 1);
  assert.equal(engine.epochSteps({ batchnorm: 1 }, 91, 10), 9, 'a last batch of one joins the one before');
  assert.throws(() => engine.epochSteps({}, -1, 10), /n: must be an integer/);
});
