// Bad input from JavaScript is refused with a clear Error — C's own message where C can judge
// (spec fields, model files), the wrapper's where only JS knows (typed-array lengths, numbers
// a wasm call would wrap, strings it would cut at a NUL) — always with an nn_status name as
// `code`, and the engine keeps working afterwards: after every refusal the same XOR steps still
// give the same losses and the heap is where it was (nothing half-built left behind).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, SMALL, XOR } from './engine-util.js';

const engine = await loadEngine();

/** Losses of five XOR steps from a fresh SMALL model: the "still works" probe. */
function probe() {
  const net = engine.createModel(SMALL);
  try {
    return Array.from({ length: 5 }, () => net.trainStep(XOR.x, XOR.y));
  } finally {
    net.free();
  }
}
const reference = probe();

/**
 * Asserts fn throws an Error whose message matches and whose code is `code`, then that the
 * engine still works.
 * @param {() => unknown} fn
 * @param {RegExp} message
 * @param {string} [code]  the nn_status name the Error carries
 * @param {ErrorConstructor} [Type]
 */
function refused(fn, message, code = 'NN_ERR_ARG', Type = Error) {
  const heap = engine.heapUsed();
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Type, `not a ${Type.name}: ${err}`);
    assert.match(err.message, message);
    assert.equal(err.code, code, err.message);
    return true;
  });
  assert.equal(engine.heapUsed(), heap, 'heap after the refusal');
  assert.deepEqual(probe(), reference, 'training after the refusal');
}

test('spec: unknown optimizer, unknown field, NaN, bad lists — C\'s message, named field', () => {
  refused(() => engine.createModel({ optimizer: 'adamx' }), /optimizer.*adamx/, 'NN_ERR_ARG');
  refused(() => engine.createModel({ optimzer: 'adam' }), /optimzer/, 'NN_ERR_ARG');
  refused(() => engine.createModel({ lr: NaN }), /lr.*nan/i, 'NN_ERR_ARG');
  refused(() => engine.createModel({ dropout: NaN }), /dropout/, 'NN_ERR_ARG');
  refused(() => engine.createModel({ layers: [8, NaN, 1] }), /layers/, 'NN_ERR_ARG');
  refused(() => engine.createModel({ inputs: 0 }), /inputs/, 'NN_ERR_ARG');
  refused(() => engine.createModel({ layers: [8, 1], activations: ['tanh'] }), /activations/, 'NN_ERR_ARG');
  refused(() => engine.createModel({ loss: 'bce', activations: ['tanh', 'relu'], layers: [4, 1] }), /sigmoid|loss/,
    'NN_ERR_ARG');
});

test('typed arrays of the wrong length or kind, named in the message', () => {
  const net = engine.createModel(SMALL);
  try {
    refused(() => net.trainStep(XOR.x.subarray(1), XOR.y), /trainStep: x.*7 values.*width 2/);
    refused(() => net.trainStep(XOR.x, XOR.y.subarray(1)), /trainStep: y has 3 values, want 4/);
    refused(() => net.trainStep('0,0,1,1', XOR.y), /trainStep: x: expected a Float32Array/, 'NN_ERR_ARG', TypeError);
    refused(() => net.predict(new Float32Array(3)), /predict: x.*3 values/);
    refused(() => net.activations(XOR.x, 2), /^activations: layer: must be an integer in \[0, 1\] \(got 2\)$/);
    refused(() => net.setParams(new Float32Array(net.paramCount - 1)), /./, 'NN_ERR_ARG');
    refused(() => engine.upload(XOR.x, new Float32Array(3)), /upload/);
    refused(() => engine.metricsClassify(new Float32Array(3), XOR.y, 1), /prob has 3 values, want 4/);
    // Values only C looks at: NaN in the data, a label BCE cannot take.
    refused(() => net.trainStep(Float32Array.of(NaN, 0, 0, 1, 1, 0, 1, 1), XOR.y), /x\[0\].*nan/, 'NN_ERR_ARG');
    refused(() => net.trainStep(XOR.x, Float32Array.of(0, 1, 2, 0)), /y\[2\]/, 'NN_ERR_ARG');
    // The model still trains after all of that.
    assert.ok(Number.isFinite(net.trainStep(XOR.x, XOR.y)));
  } finally {
    net.free();
  }
});

test('non-finite parameters are refused and the old ones kept', () => {
  const net = engine.createModel(SMALL);
  try {
    const p = net.params();
    const bad = p.slice();
    bad[3] = NaN;
    refused(() => net.setParams(bad), /./, 'NN_ERR_ARG');
    assert.deepEqual(net.params(), p);
  } finally {
    net.free();
  }
});

test('running statistics: a negative variance, NaN or a wrong length is refused and nothing changes', () => {
  const net = engine.createModel({ inputs: 2, layers: [3, 1], activations: ['tanh', 'sigmoid'], loss: 'bce',
    batchnorm: 1, seed: 3 });
  try {
    net.trainStep(XOR.x, XOR.y);
    const before = net.state();
    const prediction = net.predict(XOR.x);
    const negative = before.slice();
    negative[net.layers[0].var + 1] = -0.5;
    // C's message names the index, the layer and the unit.
    refused(() => net.setState(negative), /^state\[4\]: layer 0 running variance 1 is negative \(-0\.5\)$/,
      'NN_ERR_ARG');
    const nan = before.slice();
    nan[0] = NaN;
    refused(() => net.setState(nan), /state\[0\] is not finite/, 'NN_ERR_ARG');
    refused(() => net.setState(before.subarray(1)), /^state: buffer holds 5 values, the model has 6$/, 'NN_ERR_ARG');
    refused(() => net.setState('1,2'), /setState: expected a Float32Array/, 'NN_ERR_ARG', TypeError);
    assert.deepEqual(net.state(), before);
    assert.deepEqual(net.predict(XOR.x), prediction);
  } finally {
    net.free();
  }
});

test('a model file of random bytes, or a truncated one, is refused as NN_ERR_FORMAT', () => {
  let state = 12345; // a fixed LCG, so the bytes are the same every run
  const random = Uint8Array.from({ length: 200 }, () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24);
  refused(() => engine.loadModel(random), /./, 'NN_ERR_FORMAT');
  refused(() => engine.loadModel(new Uint8Array(0)), /./, 'NN_ERR_FORMAT');
  const net = engine.createModel(SMALL);
  const bytes = net.save();
  net.free();
  refused(() => engine.loadModel(bytes.subarray(0, bytes.length - 3)), /./, 'NN_ERR_FORMAT');
  const flipped = bytes.slice();
  flipped[Math.floor(flipped.length / 2)] ^= 0x40;
  refused(() => engine.loadModel(flipped), /./, 'NN_ERR_FORMAT');
  refused(() => engine.loadModel([1, 2, 3]), /loadModel: expected a Uint8Array/, 'NN_ERR_ARG', TypeError);
});

test('toy, metrics and perceptron refuse bad arguments with C\'s message', () => {
  refused(() => engine.toy('spirals', 10), /spirals/, 'NN_ERR_ARG');
  refused(() => engine.toy('spiral', 10, 0, 3, -1), /seed/, 'NN_ERR_ARG');
  refused(() => engine.toy('spiral', 10, 0, 3, 0.5), /seed/, 'NN_ERR_ARG');
  refused(() => engine.toy('spiral', 0), /^toy: n: must be an integer in \[1, 2147483647\] \(got 0\)$/);
  refused(() => engine.perceptron(XOR.x, XOR.y, 2, 0, 1), /./, 'NN_ERR_ARG');
  refused(() => engine.perceptron(XOR.x, XOR.y, 2, 10001, 1), /^max_epochs = 10001: at most 10000 per call/);
  refused(() => engine.perceptron(XOR.x, XOR.y, 2, 5, 1, [0, 0]), /^perceptron: w0 has 2 values, want d \+ 1 = 3$/);
  refused(() => engine.perceptron(XOR.x, XOR.y, 2, 5, 1, [0, NaN, 0]), /^w\[1\] = nan: must be finite$/);
  refused(() => engine.metricsCurve(XOR.y, Float32Array.of(0, 1, 2, 0)), /^y\[2\] = 2: must be a class index in 0\.\.1$/);
  refused(() => engine.toyFeatures(XOR.x, ['x1', 'x3']), /^names\[1\]: unknown feature 'x3' \(one of x1, x2, x1sq/);
  refused(() => engine.toyFeatures(XOR.x, []), /^d = 0: need at least 1 feature$/);
  refused(() => engine.toyFeatures(XOR.x.subarray(1), ['x1']), /^toyFeatures: x2: has 7 values, not a multiple of the row width 2$/);
  refused(() => engine.toyFeatures(XOR.x, 'x1'), /^toyFeatures: names must be an array of strings$/, 'NN_ERR_ARG', TypeError);
  refused(() => engine.metricsCurve(XOR.y, XOR.y.subarray(1)), /^metricsCurve: score has 4 values, y has 3$/);
  refused(() => engine.metricsMistakes(Float32Array.of(NaN, 1), Float32Array.of(0, 1), 1, 2), /^prob\[0\] = nan: must be finite$/);
});

test('a freed model or dataset is refused, not a use-after-free in wasm', () => {
  const net = engine.createModel(SMALL);
  const data = engine.upload(XOR.x, XOR.y);
  data.free();
  refused(() => net.trainEpoch(data, 2), /live Upload/);
  net.free();
  net.free(); // twice is harmless
  refused(() => net.trainStep(XOR.x, XOR.y), /used after free/);
  refused(() => net.params(), /used after free/);
});

test('diverging training throws "diverged", keeps the parameters, and the model stays usable', () => {
  const net = engine.createModel({ inputs: 2, layers: [4, 1], activations: ['relu', 'linear'], loss: 'mse',
    lr: 100, seed: 2 });
  try {
    const x = Float32Array.of(1e3, -1e3, 5e2, 8e2);
    const y = Float32Array.of(1e4, -1e4);
    let err;
    let before;
    for (let i = 0; i < 50 && !err; i++) {
      before = net.params();
      try {
        net.trainStep(x, y);
      } catch (e) {
        err = e;
      }
    }
    assert.ok(err, 'training with lr 100 never diverged');
    assert.match(err.message, /diverged/);
    assert.equal(err.code, 'NN_ERR_DIVERGED');
    assert.deepEqual(net.params(), before, 'a diverged step leaves the parameters as they were');
    net.setParams(new Float32Array(net.paramCount));
    assert.ok(Number.isFinite(net.predict(x)[0]));
  } finally {
    net.free();
  }
  assert.deepEqual(probe(), reference);
});

test('a dataset from another engine is refused', async () => {
  const other = await loadEngine();
  const data = other.upload(XOR.x, XOR.y);
  const net = engine.createModel(SMALL);
  try {
    refused(() => net.trainEpoch(data, 2), /another engine/);
  } finally {
    net.free();
    data.free();
  }
});

test('a size past wasm32 memory is refused before C sees a wrapped byte count', () => {
  refused(() => engine.toy('xor', 2 ** 30 + 1, 0, 2, 1), /out of wasm memory/, 'NN_ERR_NOMEM');
  assert.equal(engine.toy('xor', 10, 0, 2, 1).y.length, 10, 'the engine still works');
});

// A wasm call converts its arguments with ToInt32: -5 stays -5 (which C reads as "full
// batch"), 1e20 and 2^40 wrap to other numbers, NaN and 2.5 become 0 and 2. Each is refused by
// name before any call.
test('integers are checked against their C type and range, with the argument\'s name', () => {
  const net = engine.createModel(SMALL);
  const data = engine.upload(XOR.x, XOR.y);
  try {
    for (const batch of [-5, NaN, 1e20, 2.5, 2 ** 31, '2', null]) {
      refused(() => net.trainEpoch(data, batch), /^trainEpoch: batch: must be an integer in \[0, 2147483647\]/);
    }
    for (const patience of [2 ** 40, 0, -1, NaN, 1.5]) {
      refused(() => net.trackBest(0.5, patience), /^trackBest: patience: must be an integer in \[1, 2147483647\]/);
    }
    refused(() => net.trackBest('0.5', 2), /^trackBest: valLoss: must be a number/, 'NN_ERR_ARG', TypeError);
    refused(() => net.activations(XOR.x, -1), /^activations: layer: must be an integer in \[0, 1\] \(got -1\)$/);
    refused(() => net.activations(XOR.x, 0.5), /activations: layer/);
    refused(() => net.gradcheck(XOR.x, XOR.y, 1e-3, -1), /^gradcheck: maxChecked: must be an integer in \[0/);
    refused(() => net.gradcheck(XOR.x, XOR.y, 1e-3, 2 ** 32), /gradcheck: maxChecked/);
    refused(() => net.gradcheck(XOR.x, XOR.y, '1e-3'), /gradcheck: eps: must be a number/, 'NN_ERR_ARG', TypeError);
  } finally {
    net.free();
    data.free();
  }
  for (const n of [2 ** 32 + 4, NaN, -5, 1.5]) refused(() => engine.toy('xor', n), /^toy: n: must be an integer/);
  refused(() => engine.toy('multiclass', 10, 0, 2 ** 32 + 3), /^toy: classes: must be an integer/);
  refused(() => engine.toy('xor', 10, '0.1'), /^toy: noise: must be a number/, 'NN_ERR_ARG', TypeError);
  for (const epochs of [2 ** 40, NaN, 0.5]) {
    refused(() => engine.perceptron(XOR.x, XOR.y, 2, epochs, 1), /^perceptron: epochs: must be an integer/);
  }
  refused(() => engine.perceptron(XOR.x, XOR.y, 2 ** 32 + 2, 5, 1), /^perceptron: d: must be an integer/);
  refused(() => engine.metricsClassify(XOR.y, XOR.y, 2 ** 32 + 1), /^metricsClassify: k: must be an integer/);
  refused(() => engine.metricsRegress(XOR.y, XOR.y, 2 ** 32 + 1), /^metricsRegress: y: row width: must be an integer/);
  refused(() => engine.metricsCurve(XOR.y, XOR.y, 1), /^metricsCurve: points: must be an integer in \[2/);
  refused(() => engine.metricsCurve(XOR.y, XOR.y, 2 ** 32 + 5), /^metricsCurve: points/);
  refused(() => engine.metricsMistakes(XOR.y, XOR.y, 1, -1), /^metricsMistakes: max: must be an integer in \[0/);
  refused(() => engine.metricsMistakes(XOR.y, XOR.y, 1, 2 ** 40), /^metricsMistakes: max/);
  refused(() => engine.upload(XOR.x, XOR.y, 2 ** 32 + 4), /^upload: n: must be an integer/);
});

test('strings with a NUL character are refused, not cut short where C stops reading', () => {
  refused(() => engine.createModel({ optimizer: 'adam\0junk' }), /^optimizer: contains a NUL character$/);
  refused(() => engine.createModel({ 'lr\0': 0.1 }), /^spec: a field name: contains a NUL character$/);
  refused(() => engine.createModel({ activations: ['tanh', 'sigmoid\0'] }), /^activations: contains a NUL/);
  refused(() => engine.toy('xor\0', 10), /^toy: name: contains a NUL character$/);
  refused(() => engine.toyFeatures(XOR.x, ['x1', 'x1sq\0']), /^toyFeatures: names\[1\]: contains a NUL character$/);
  refused(() => engine.specApplies({ loss: 'mse\0' }), /^loss: contains a NUL character$/);
  // Without the NUL the same calls pass.
  engine.createModel({ optimizer: 'adam' }).free();
});

test('every other refusal of the wrapper carries a code too', () => {
  const net = engine.createModel(SMALL);
  net.free();
  refused(() => net.lr, /used after free/);
  refused(() => net.save(), /used after free/);
  refused(() => engine.perceptronPredict(Float32Array.of(1), XOR.x), /perceptronPredict: w needs at least 2/);
  refused(() => engine.metricsRegress(XOR.y, XOR.x), /metricsRegress: pred has 4 values, y has 8/);
});
