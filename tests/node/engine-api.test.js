// Every function of the engine API — and through it every export of csrc/wasm_api.c — on the
// shipped SIMD module, each checked against something it must agree with: the spec against its
// defaults, activations against predict, grad norms against the gradient block, the loaded
// model against the saved one, metrics against hand-worked values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, SMALL, XOR } from './engine-util.js';

const engine = await loadEngine();

test('specFields and specDefaults describe the same fields, in C order', () => {
  const fields = engine.specFields();
  const defaults = engine.specDefaults();
  assert.deepEqual(fields.map((f) => f.name), Object.keys(defaults));
  for (const f of fields) assert.ok(f.help.length > 5, `help of ${f.name}: "${f.help}"`);
  // nn.h's documented defaults: 2 inputs, 8 tanh, 1 sigmoid, BCE, SGD.
  assert.equal(defaults.inputs, 2);
  assert.deepEqual(defaults.activations.at(-1), 'sigmoid');
  assert.equal(defaults.loss, 'bce');
  assert.equal(defaults.optimizer, 'sgd');
  assert.equal(defaults.lr, 0.03); // C prints 0.0299999993; the float32 comes back as the short decimal
});

test('createModel: the normalized spec is the defaults overridden by what was given', () => {
  const net = engine.createModel({ ...SMALL, optimizer: 'adam', lr: 0.05, l2: true });
  try {
    assert.deepEqual(net.spec, { ...engine.specDefaults(), ...SMALL, optimizer: 'adam', lr: 0.05, l2: 1 });
    assert.equal(net.inputs, 2);
    assert.equal(net.outputs, 1);
    assert.equal(net.targetWidth, 1);
    assert.equal(net.lr, Math.fround(0.05));
    assert.equal(net.steps, 0);
  } finally {
    net.free();
  }
});

test('a seed beyond 2^53 survives the round trip as a string', () => {
  const net = engine.createModel({ ...SMALL, seed: '18446744073709551615' });
  try {
    assert.equal(net.spec.seed, '18446744073709551615');
  } finally {
    net.free();
  }
});

test('layers: offsets tile the parameter block; batch norm only on hidden layers, which have no bias', () => {
  const net = engine.createModel({ inputs: 3, layers: [5, 4, 2], activations: ['relu', 'relu', 'linear'],
    loss: 'mse', batchnorm: 1 });
  try {
    let offset = 0;
    let stateOffset = 0;
    net.layers.forEach((l, i) => {
      assert.equal(l.in, i === 0 ? 3 : net.layers[i - 1].out);
      assert.equal(l.w, offset);
      offset += l.in * l.out;
      if (i < net.layers.length - 1) {
        assert.equal(l.b, -1);
        assert.deepEqual([l.gamma, l.beta], [offset, offset + l.out]);
        assert.deepEqual([l.mean, l.var], [stateOffset, stateOffset + l.out]);
        offset += 2 * l.out;
        stateOffset += 2 * l.out;
      } else {
        assert.equal(l.b, offset);
        offset += l.out;
        assert.deepEqual([l.gamma, l.beta, l.mean, l.var], [-1, -1, -1, -1]);
      }
    });
    assert.equal(net.paramCount, offset);
    assert.equal(net.params().length, offset);
    assert.equal(net.stateCount, stateOffset);
    // A fresh model's running statistics: mean 0, variance 1 (nn.h), at those offsets.
    const state = net.state();
    assert.equal(state.length, stateOffset);
    for (const l of net.layers.slice(0, -1)) {
      assert.deepEqual(state.subarray(l.mean, l.mean + l.out), new Float32Array(l.out));
      assert.deepEqual(state.subarray(l.var, l.var + l.out), new Float32Array(l.out).fill(1));
    }
    assert.equal(net.targetWidth, 2);
  } finally {
    net.free();
  }
});

test('trainStep, trainEpoch: finite losses, steps counted, the loss goes down', () => {
  const net = engine.createModel({ ...SMALL, optimizer: 'adam', lr: 0.05 });
  const data = engine.upload(XOR.x, XOR.y);
  try {
    const first = net.trainStep(XOR.x, XOR.y);
    assert.ok(Number.isFinite(first) && first > 0);
    assert.equal(net.steps, 1);
    let last = first;
    for (let e = 0; e < 200; e++) last = net.trainEpoch(data, 2); // 2 steps per epoch
    assert.equal(net.steps, 401);
    assert.ok(last < first / 2, `loss ${first} -> ${last}`);
    assert.equal(data.n, 4);
  } finally {
    data.free();
    net.free();
  }
});

test('predict and activations: the last layer\'s activations are the predictions', () => {
  const net = engine.createModel({ inputs: 2, layers: [6, 3], activations: ['tanh', 'softmax'],
    loss: 'softmax_ce', seed: 3 });
  try {
    const x = Float32Array.of(0.5, -1, 2, 0.25, -0.75, 1.5);
    const p = net.predict(x);
    assert.equal(p.length, 3 * 3);
    for (let i = 0; i < 3; i++) {
      const row = p.subarray(3 * i, 3 * i + 3);
      assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-5, `softmax row ${i} sums to 1`);
    }
    assert.deepEqual(net.activations(x, 1), p);
    const hidden = net.activations(x, 0);
    assert.equal(hidden.length, 3 * 6);
    assert.ok(hidden.every((v) => v > -1 && v < 1), 'tanh range');
    assert.equal(net.targetWidth, 1); // softmax CE takes a class index
  } finally {
    net.free();
  }
});

test('evaluate: loss as in training, accuracy for classes (also under mse), r2 for mse', () => {
  const cls = engine.createModel({ ...SMALL, optimizer: 'adam', lr: 0.05 });
  const reg = engine.createModel({ inputs: 2, layers: [4, 1], activations: ['tanh', 'linear'], loss: 'mse' });
  const data = engine.upload(XOR.x, XOR.y);
  try {
    for (let i = 0; i < 300; i++) cls.trainStep(XOR.x, XOR.y);
    const ev = cls.evaluate(data);
    assert.equal(ev.accuracy, 1);
    assert.ok(Number.isNaN(ev.r2));
    // The loss, recomputed here from the predictions.
    const p = cls.predict(XOR.x);
    const bce = -[...p].reduce((s, q, i) => s + (XOR.y[i] ? Math.log(q) : Math.log(1 - q)), 0) / 4;
    assert.ok(Math.abs(ev.loss - bce) < 1e-4 * Math.max(1, bce), `evaluate ${ev.loss} vs ${bce}`);
    const evr = reg.evaluate(data);
    const pr = reg.predict(XOR.x);
    // XOR's targets are classes: squared error has an accuracy too, at the threshold 0.5.
    assert.equal(evr.accuracy, [...pr].filter((q, i) => (q >= 0.5) === (XOR.y[i] === 1)).length / 4);
    const mse = [...pr].reduce((s, q, i) => s + (q - XOR.y[i]) ** 2, 0) / 4;
    assert.ok(Math.abs(evr.loss - mse) < 1e-5, `evaluate ${evr.loss} vs ${mse}`);
    assert.ok(Math.abs(evr.r2 - (1 - mse / 0.25)) < 1e-4, `r2 ${evr.r2}`); // var(y) = 0.25
    const values = engine.upload(XOR.x, Float32Array.of(0.5, -1, 2, 0.25));
    assert.ok(Number.isNaN(reg.evaluate(values).accuracy), 'targets that are not classes: no accuracy');
    values.free();
  } finally {
    data.free();
    cls.free();
    reg.free();
  }
});

test('params and setParams round-trip; predict follows the parameters', () => {
  const net = engine.createModel(SMALL);
  try {
    const p = net.params();
    const zero = new Float32Array(p.length);
    net.setParams(zero);
    assert.deepEqual(net.params(), zero);
    // All weights and biases zero: sigmoid(0) = 0.5 everywhere.
    assert.deepEqual(net.predict(XOR.x), new Float32Array(4).fill(0.5));
    net.setParams(p);
    assert.deepEqual(net.params(), p);
    // A returned array is a copy, not a view into wasm memory.
    p[0] += 1;
    assert.notEqual(net.params()[0], p[0]);
  } finally {
    net.free();
  }
});

test('state and setState: batch norm\'s running statistics round-trip and drive predictions', () => {
  const spec = { inputs: 2, layers: [6, 3, 1], activations: ['relu', 'tanh', 'sigmoid'], loss: 'bce',
    batchnorm: 1, bn_momentum: 0.2, seed: 4 };
  const net = engine.createModel(spec);
  const twin = engine.createModel(spec);
  const plain = engine.createModel(SMALL);
  try {
    const fresh = net.state();
    for (let e = 0; e < 10; e++) net.trainStep(XOR.x, XOR.y);
    const trained = net.state();
    assert.equal(trained.length, 2 * (6 + 3));
    assert.notDeepEqual(trained, fresh, 'training moves the running statistics');
    // The same parameters alone do not give the same predictions; with the state they do.
    twin.setParams(net.params());
    assert.notDeepEqual(twin.predict(XOR.x), net.predict(XOR.x));
    twin.setState(trained);
    assert.deepEqual(twin.state(), trained);
    assert.deepEqual(twin.predict(XOR.x), net.predict(XOR.x));
    // The model file carries the same block: a loaded copy reads it back unchanged.
    const copy = engine.loadModel(net.save());
    try {
      assert.deepEqual(copy.state(), trained);
    } finally {
      copy.free();
    }
    // A returned array is a copy, not a view into wasm memory.
    trained[0] += 1;
    assert.notEqual(net.state()[0], trained[0]);
    // Without batch norm there is no state: an empty block, and only an empty one is accepted.
    assert.equal(plain.stateCount, 0);
    assert.deepEqual(plain.state(), new Float32Array(0));
    plain.setState(new Float32Array(0));
  } finally {
    net.free();
    twin.free();
    plain.free();
  }
});

test('grads and gradNorms: gradNorms[l] is the L2 norm of layer l\'s weight gradient', () => {
  const net = engine.createModel({ inputs: 2, layers: [5, 3, 1], activations: ['tanh', 'tanh', 'sigmoid'],
    loss: 'bce', seed: 11 });
  try {
    net.trainStep(XOR.x, XOR.y);
    const g = net.grads();
    const norms = net.gradNorms();
    assert.equal(norms.length, 3);
    net.layers.forEach((l, i) => {
      const w = g.subarray(l.w, l.w + l.in * l.out);
      const norm = Math.sqrt(w.reduce((s, v) => s + v * v, 0));
      assert.ok(norm > 0, `layer ${i} has a gradient`);
      assert.ok(Math.abs(norms[i] - norm) <= 1e-5 * norm, `layer ${i}: ${norms[i]} vs ${norm}`);
    });
  } finally {
    net.free();
  }
});

test('gradStds: gradStds[l] is the population std of layer l\'s weight gradient; a pooling layer\'s is 0', () => {
  const net = engine.createModel({ inputs: 2, layers: [6, 4, 1], activations: ['relu', 'tanh', 'sigmoid'],
    loss: 'bce', seed: 12 });
  try {
    assert.deepEqual(Array.from(net.gradStds()), [0, 0, 0], 'before a step');
    net.trainStep(XOR.x, XOR.y);
    const g = net.grads();
    const stds = net.gradStds();
    assert.equal(stds.length, 3);
    net.layers.forEach((l, i) => {
      const w = Array.from(g.subarray(l.w, l.w + l.in * l.out));
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
      assert.ok(std > 0, `layer ${i} has a gradient`);
      assert.ok(Math.abs(stds[i] - std) <= 1e-5 * std, `layer ${i}: ${stds[i]} vs ${std}`);
    });
  } finally {
    net.free();
  }
});
  const cnn = engine.createModel({ inputs: 16, input_shape: [1, 4, 4], layers: ['conv2k3', 'pool2', 1],
    activations: ['relu', 'sigmoid'], loss: 'bce', seed: 3 });
  try {
    cnn.trainStep(Float32Array.from({ length: 32 }, (_, i) => Math.sin(i * 1.7)), Float32Array.of(0, 1));
    const [conv, pool, out] = cnn.gradStds();
    assert.ok(conv > 0 && out > 0 && pool === 0, `conv ${conv}, pool ${pool}, dense ${out}`);
  } finally {
    cnn.free();
  }

test('gradcheck: backprop agrees with central differences and leaves the parameters alone', () => {
  const net = engine.createModel({ inputs: 2, layers: [4, 1], activations: ['tanh', 'sigmoid'], loss: 'bce',
    l2: 0.01, seed: 5 });
  try {
    const before = net.params();
    const err = net.gradcheck(XOR.x, XOR.y, 1e-3);
    // float32 forward passes at eps 1e-3: round-off ~1e-7·|f|/eps ~ 1e-4; 1e-2 leaves room.
    assert.ok(err >= 0 && err < 1e-2, `max relative error ${err}`);
    assert.deepEqual(net.params(), before);
    assert.ok(net.gradcheck(XOR.x, XOR.y, 1e-3, 5) <= err + 1e-6, 'a subset errs no more than all');
  } finally {
    net.free();
  }
});

test('trackBest, restoreBest, bestEpoch: early stopping keeps the best parameters', () => {
  const net = engine.createModel(SMALL);
  try {
    assert.equal(net.bestEpoch, -1);
    assert.throws(() => net.restoreBest(), Error);
    const snapshots = [];
    const losses = [1.0, 0.5, 0.7, 0.8];
    const stops = losses.map((loss) => {
      net.trainStep(XOR.x, XOR.y);
      snapshots.push(net.params());
      return net.trackBest(loss, 2);
    });
    assert.deepEqual(stops, [false, false, false, true]);
    assert.equal(net.bestEpoch, 1);
    assert.notDeepEqual(net.params(), snapshots[1]);
    net.restoreBest();
    assert.deepEqual(net.params(), snapshots[1]);
  } finally {
    net.free();
  }
});

test('save and loadModel: the loaded model has the spec, parameters and predictions', () => {
  const net = engine.createModel({ inputs: 2, layers: [6, 1], activations: ['relu', 'sigmoid'],
    loss: 'bce', batchnorm: 1, optimizer: 'momentum', seed: 9 });
  try {
    const data = engine.upload(XOR.x, XOR.y);
    for (let e = 0; e < 20; e++) net.trainEpoch(data, 2); // moves batch norm's running statistics
    data.free();
    const bytes = net.save();
    assert.ok(bytes instanceof Uint8Array && bytes.length > net.paramCount * 4);
    const copy = engine.loadModel(bytes);
    try {
      assert.deepEqual(copy.spec, net.spec);
      assert.deepEqual(copy.params(), net.params());
      assert.deepEqual(copy.predict(XOR.x), net.predict(XOR.x));
      assert.deepEqual(copy.save(), bytes);
    } finally {
      copy.free();
    }
  } finally {
    net.free();
  }
});

test('toy: deterministic from the seed, shaped (n, 2) and (n), labels of the set', () => {
  const a = engine.toy('spiral', 100, 0.1, 3, 42);
  const b = engine.toy('spiral', 100, 0.1, 3, 42);
  const c = engine.toy('spiral', 100, 0.1, 3, 43);
  assert.equal(a.x.length, 200);
  assert.equal(a.y.length, 100);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.x, c.x);
  assert.ok(a.y.every((v) => v === 0 || v === 1));
  assert.ok(a.x.every((v) => v >= -6 && v <= 6));
  const m = engine.toy('multiclass', 90, 0, 4, 1);
  assert.deepEqual(new Set(m.y), new Set([0, 1, 2, 3]));
  const r = engine.toy('plane', 50, 0, 3, 1);
  assert.ok(r.y.every((v) => v >= -1 && v <= 1));
});

test('toyFeatures: the input features of points, by name, in the order asked', () => {
  const xy = Float32Array.of(0.5, -2, 3, 1.5);
  const f = engine.toyFeatures(xy, ['x2', 'x1sq', 'x1x2', 'sinx2', 'x1', 'x2sq', 'sinx1']);
  // (0.5, -2): x2 -2, x1² 0.25, x1·x2 -1, sin(-2), x1 0.5, x2² 4, sin 0.5; then (3, 1.5).
  const want = [-2, 0.25, -1, -0.9092974268, 0.5, 4, 0.4794255386, 1.5, 9, 4.5, 0.9974949866, 3, 2.25, 0.1411200081];
  assert.equal(f.length, want.length);
  want.forEach((w, i) => assert.ok(Math.abs(f[i] - w) <= 1e-6, `${i}: ${f[i]} vs ${w}`));
});

test('metricsClassify on a hand-worked binary case', () => {
  // Predictions at threshold 0.5: 1 1 0 0 1; truth 1 0 0 1 1 → TP 2, FP 1, TN 1, FN 1.
  const prob = Float32Array.of(0.9, 0.6, 0.2, 0.4, 0.8);
  const y = Float32Array.of(1, 0, 0, 1, 1);
  const m = engine.metricsClassify(prob, y, 1);
  assert.ok(Math.abs(m.accuracy - 3 / 5) < 1e-6);
  assert.ok(Math.abs(m.precision - 2 / 3) < 1e-6);
  assert.ok(Math.abs(m.recall - 2 / 3) < 1e-6);
  assert.ok(Math.abs(m.f1 - 2 / 3) < 1e-6);
  // AUC: positives {0.9, 0.4, 0.8} against negatives {0.6, 0.2}: 5 of 6 pairs ranked right.
  assert.ok(Math.abs(m.auc - 5 / 6) < 1e-6);
  assert.deepEqual(m.confusion, Int32Array.of(1, 1, 1, 2)); // rows true class, columns predicted
});

test('metricsCurve on the same hand-worked case', () => {
  // Scores sorted: 0.2 (0), 0.4 (1), 0.6 (0), 0.8 (1), 0.9 (1); positives 3, negatives 2.
  // Rows with score >= t at t = 0, 0.25, 0.5, 0.75, 1: tp 3 3 2 2 0, fp 2 1 1 0 0.
  const c = engine.metricsCurve(Float32Array.of(0.9, 0.6, 0.2, 0.4, 0.8), Float32Array.of(1, 0, 0, 1, 1), 5);
  assert.deepEqual(c.thresholds, Float32Array.of(0, 0.25, 0.5, 0.75, 1));
  assert.deepEqual(c.tp, Int32Array.of(3, 3, 2, 2, 0));
  assert.deepEqual(c.fp, Int32Array.of(2, 1, 1, 0, 0));
  assert.deepEqual([c.positives, c.negatives], [3, 2]);
  assert.ok(Math.abs(c.auc - 5 / 6) < 1e-6); // as metricsClassify found
  // Average precision from the top: 0.9, 0.8 at precision 1 (recall 2/3), 0.6 a negative,
  // 0.4 at precision 3/4 (recall +1/3): 2/3 + 1/3 · 3/4 = 11/12.
  assert.ok(Math.abs(c.ap - 11 / 12) < 1e-6);
  // Ties move as one step: all four scores equal, 2 positives → AUC 1/2, AP = precision 1/2.
  const tied = engine.metricsCurve(Float32Array.of(0.3, 0.3, 0.3, 0.3), Float32Array.of(0, 1, 1, 0), 3);
  assert.deepEqual([tied.auc, tied.ap], [0.5, 0.5]);
  assert.deepEqual(tied.tp, Int32Array.of(2, 0, 0));
  // One class only: counts stand, AUC is undefined; without positives AP is too.
  const none = engine.metricsCurve(Float32Array.of(0.3, 0.7), Float32Array.of(0, 0));
  assert.equal(none.thresholds.length, 101);
  assert.ok(Number.isNaN(none.auc) && Number.isNaN(none.ap));
  assert.equal(none.fp[50], 1);
});

test('metricsMistakes: the misclassified rows, most confident first', () => {
  // Rows 1 (truth 0, p 0.6: predicted 1 with 0.6) and 3 (truth 1, p 0.4: predicted 0 with 0.6)
  // tie at 0.6 and come in row order; row 5 (truth 0, p 0.95) is the most confident.
  const prob = Float32Array.of(0.9, 0.6, 0.2, 0.4, 0.8, 0.95);
  const y = Float32Array.of(1, 0, 0, 1, 1, 0);
  assert.deepEqual(engine.metricsMistakes(prob, y, 1, 10), { rows: Int32Array.of(5, 1, 3), pred: Int32Array.of(1, 1, 0) });
  assert.deepEqual(engine.metricsMistakes(prob, y, 1, 1), { rows: Int32Array.of(5), pred: Int32Array.of(1) });
  // k = 3: row 0 (truth 2) predicted 0 with 0.5, row 2 (truth 0) predicted 1 with 0.7.
  const p3 = Float32Array.of(0.5, 0.3, 0.2, 0.1, 0.1, 0.8, 0.2, 0.7, 0.1);
  assert.deepEqual(engine.metricsMistakes(p3, Float32Array.of(2, 2, 0), 3, 5),
    { rows: Int32Array.of(2, 0), pred: Int32Array.of(1, 0) });
});

test('metricsRegress on a hand-worked case', () => {
  const m = engine.metricsRegress(Float32Array.of(1, 2, 4), Float32Array.of(1, 3, 3), 1);
  assert.ok(Math.abs(m.mse - 2 / 3) < 1e-6);
  assert.ok(Math.abs(m.mae - 2 / 3) < 1e-6);
  // mean(y) = 7/3, SS_tot = 16/9 + 4/9 + 4/9 = 8/3, SS_res = 2 → r2 = 1 - 2/(8/3) = 0.25.
  assert.ok(Math.abs(m.r2 - 0.25) < 1e-6);
});

test('perceptron learns AND and perceptronPredict applies it', () => {
  const x = Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1);
  const y = Float32Array.of(0, 0, 0, 1);
  // tests/test_perceptron.c traces it by hand: 6 epochs, 10 updates, w = (2, 1, -2).
  const r = engine.perceptron(x, y, 2, 100, 1);
  assert.deepEqual(r, { w: Float32Array.of(2, 1, -2), epochs: 6, converged: true, updates: 10 });
  assert.deepEqual(engine.perceptronPredict(r.w, x), y);
  // One epoch per call from the last call's weights is the same run: 1 + 3 + 3 + 2 + 1 updates.
  let w;
  const steps = [];
  for (let e = 0; e < 6; e++) {
    const one = engine.perceptron(x, y, 2, 1, 1, w);
    w = one.w;
    steps.push([one.updates, one.converged]);
  }
  assert.deepEqual(steps, [[1, false], [3, false], [3, false], [2, false], [1, false], [0, true]]);
  assert.deepEqual(w, r.w);
});

test('heapUsed and memoryBytes report the wasm heap', () => {
  const before = engine.heapUsed();
  const net = engine.createModel({ inputs: 2, layers: [64, 1], activations: ['tanh', 'sigmoid'] });
  assert.ok(engine.heapUsed() > before + 64 * 3 * 4, 'a model takes heap');
  net.free();
  assert.equal(engine.heapUsed(), before);
  assert.ok(engine.memoryBytes >= 16 * 2 ** 20);
});

test('actEval: each activation and its slope as the layers compute them; softmax and bad names refused', () => {
  const x = Float32Array.of(-2, 0, 3);
  const s = 1 / (1 + Math.exp(2));
  const sig = engine.actEval('sigmoid', x);
  assert.ok(Math.abs(sig.y[0] - s) < 1e-6 && sig.y[1] === 0.5);
  assert.ok(Math.abs(sig.dydx[0] - s * (1 - s)) < 1e-6 && sig.dydx[1] === 0.25);
  assert.deepEqual(engine.actEval('relu', x), { y: Float32Array.of(0, 0, 3), dydx: Float32Array.of(0, 0, 1) });
  assert.deepEqual(engine.actEval('leaky_relu', x, 0.5), { y: Float32Array.of(-1, 0, 3), dydx: Float32Array.of(0.5, 0.5, 1) });
  const t = engine.actEval('tanh', x);
  assert.ok(Math.abs(t.y[2] - Math.tanh(3)) < 1e-6 && Math.abs(t.dydx[2] - (1 - Math.tanh(3) ** 2)) < 1e-5);
  // The same numbers as a 1-1 network whose one weight is 1 and bias 0 gives its hidden layer.
  const m = engine.createModel({ inputs: 1, layers: [1, 1], activations: ['tanh', 'sigmoid'], loss: 'bce' });
  try {
    const p = m.params();
    p.fill(0);
    p[m.layers[0].w] = 1;
    m.setParams(p);
    assert.deepEqual(m.activations(x, 0), t.y);
  } finally { m.free(); }
  assert.throws(() => engine.actEval('softmax', x), /not an elementwise one/);
  assert.throws(() => engine.actEval('swish', x), /unknown activation "swish"/);
  assert.throws(() => engine.actEval('leaky_relu', x, 2), /slope = 2: must be in \[0, 1\]/);
});

test('activationStd: each layer\'s output spread, as the layer outputs give it; a bad x refused', () => {
  const m = engine.createModel({ inputs: 2, layers: [6, 4, 1], activations: ['tanh', 'relu', 'sigmoid'], loss: 'bce', seed: 3 });
  try {
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7) * 2);
    const sd = m.activationStd(x);
    assert.equal(sd.length, 3);
    m.layers.forEach((_, l) => {
      const a = m.activations(x, l);
      const mean = a.reduce((s, v) => s + v, 0) / a.length;
      const ref = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
      assert.ok(Math.abs(sd[l] - ref) < 1e-5 * Math.max(1, ref), `layer ${l}: ${sd[l]} against ${ref}`);
    });
    assert.ok(sd[0] > 0 && sd[1] > 0, 'random weights spread the signal');
    assert.throws(() => m.activationStd(Float32Array.of(1, 2, 3)), /activationStd: x/);
  } finally { m.free(); }
});
