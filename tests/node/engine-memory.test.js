// Memory: no leaks across many model lifetimes, and correct results when wasm memory grows.
//
// What is measured: engine.heapUsed(), dlmalloc's mallinfo().uordblks — the bytes in allocated
// heap chunks. It returns to exactly its old value when everything allocated has been freed,
// unlike memory.buffer.byteLength, which only ever grows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, XOR } from './engine-util.js';

const SPECS = [ // every optimizer (0, 1 or 2 moment blocks), batch norm, dropout, softmax
  { inputs: 2, layers: [6, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', optimizer: 'sgd' },
  { inputs: 2, layers: [5, 4, 1], activations: ['relu', 'relu', 'sigmoid'], loss: 'bce', optimizer: 'momentum',
    batchnorm: 1 },
  { inputs: 2, layers: [4, 2], activations: ['leaky_relu', 'softmax'], loss: 'softmax_ce', optimizer: 'adam',
    dropout: 0.2 },
  { inputs: 2, layers: [3, 1], activations: ['sigmoid', 'linear'], loss: 'mse', optimizer: 'rmsprop' },
  { inputs: 2, layers: [7, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', optimizer: 'adamw', l1: 0.01 },
  { inputs: 2, layers: [4, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', optimizer: 'nesterov' },
  { inputs: 2, layers: [4, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', optimizer: 'adagrad' },
];
const LABELS = Float32Array.of(0, 1, 1, 0); // valid for BCE, MSE and 2-class softmax CE alike

/** One model's whole life through every API call that allocates, in C or in the wrapper. */
function lifetime(engine, i) {
  const net = engine.createModel({ ...SPECS[i % SPECS.length], seed: i });
  const data = engine.upload(XOR.x, LABELS);
  const set = engine.createDataset({ x: XOR.x, y: LABELS, nTrain: 3, nTest: 1, features: 2, classes: 2,
    featureNames: ['a', 'b'], name: 'xor' });
  try {
    net.trainEpoch(data, 2);
    net.trainRows(set, { split: 'train' }, { batch: 2, maxSteps: 1 });
    net.evaluateRows(set, { split: 'test' });
    net.predictRows(set, { split: 'train' });
    set.read('train');
    set.featureStats(1);
    net.trainStep(XOR.x, LABELS);
    net.predict(XOR.x);
    net.activations(XOR.x, 0);
    net.evaluate(data);
    net.params();
    net.grads();
    net.gradNorms();
    net.gradcheck(XOR.x, LABELS, 1e-3, 3);
    net.trackBest(1 / (i + 1), 3);
    net.restoreBest();
    engine.loadModel(net.save()).free();
    assert.throws(() => engine.createModel({ optimizer: 'nope' })); // a refusal each cycle too
  } finally {
    set.free();
    data.free();
    net.free();
  }
}

test('1,000 create/train/free cycles leave the wasm heap where it started', async () => {
  const engine = await loadEngine();
  const heap = engine.heapUsed();
  const memory = engine.memoryBytes;
  for (let i = 0; i < 1000; i++) lifetime(engine, i);
  assert.equal(engine.heapUsed(), heap, 'bytes in allocated chunks');
  assert.equal(engine.memoryBytes, memory, 'the cycles reuse memory instead of growing it');
  // toy, metrics and perceptron allocate only temporaries.
  for (let i = 0; i < 100; i++) {
    const { x, y } = engine.toy('moons', 50, 0.1, 3, i);
    engine.metricsClassify(y, y, 1);
    engine.metricsRegress(y, y, 1);
    engine.perceptronPredict(engine.perceptron(x, y, 2, 5, 0.1).w, x);
  }
  assert.equal(engine.heapUsed(), heap);
});

/** Losses and final state of 20 epochs on spiral data, with `between` run after epoch 10. */
function run(engine, between) {
  const { x, y } = engine.toy('spiral', 200, 0.1, 3, 3);
  const net = engine.createModel({ inputs: 2, layers: [8, 8, 1], activations: ['tanh', 'tanh', 'sigmoid'],
    loss: 'bce', optimizer: 'adam', lr: 0.01, seed: 3 });
  const data = engine.upload(x, y); // uploaded before any growth, used after it
  try {
    const losses = [];
    for (let e = 0; e < 20; e++) {
      if (e === 10) between();
      losses.push(net.trainEpoch(data, 16));
    }
    return { losses, params: net.params(), predictions: net.predict(x), evaluation: net.evaluate(data) };
  } finally {
    data.free();
    net.free();
  }
}

test('memory grown mid-training: same losses, parameters and predictions as without growth', async () => {
  const plain = run(await loadEngine(), () => {});

  const engine = await loadEngine();
  const heap = engine.heapUsed();
  let sizes;
  const grown = run(engine, () => {
    const before = engine.memoryBytes;
    // Growth from JS: a 72 MB upload, far beyond the 16 MB initial memory.
    const big = engine.upload(new Float32Array(12e6), new Float32Array(6e6));
    const afterUpload = engine.memoryBytes;
    // Growth inside C, during one call: a 2048-2048-1 model with Adam (~67 MB of blocks),
    // trained one step on its own 1 MB batch.
    const huge = engine.createModel({ inputs: 2048, layers: [2048, 1], activations: ['relu', 'sigmoid'],
      optimizer: 'adam', seed: 1 });
    huge.trainStep(new Float32Array(2048 * 128).fill(0.01), new Float32Array(128).fill(1));
    const afterModel = engine.memoryBytes;
    huge.free();
    big.free();
    sizes = { before, afterUpload, afterModel };
  });
  assert.ok(sizes.afterUpload > sizes.before, `upload grew memory: ${JSON.stringify(sizes)}`);
  assert.ok(sizes.afterModel > sizes.afterUpload, `model grew memory: ${JSON.stringify(sizes)}`);
  assert.deepEqual(grown, plain);
  assert.equal(engine.heapUsed(), heap);
});
