// Parity: the same spec, seed and data give the same training run natively (gcc, -O2, the
// reference kernels), in the scalar wasm build and in the SIMD wasm build, and the trained
// models then predict the same. The native run is build/native/native_losses
// (tests/native_losses.c), which takes the same arguments this test passes to the engine: toy
// set, n, noise, classes, data seed, epochs, batch, spec fields; or, for training on a data
// set's rows (net.trainRows), the NNDS file and the rows.
//
// Tolerance, relative per value: |a - b| <= TOL·max(1, |b|), TOL = 1e-5, on every epoch's loss,
// every parameter, every prediction for the rows trained on (inference mode: batch norm's
// running statistics) and their inference loss.
// - native vs scalar wasm: the same C, the same float32 operations in the same order; they can
//   differ only where libm does (glibc's expf/tanhf/logf against musl's, each within 1 ulp),
//   and training compounds that slowly.
// - scalar vs SIMD wasm: the SIMD products sum in another order (4 lanes, then across), about
//   K·2^-24 relative per product.
// Measured over these runs: at most 6e-8 on losses, 1e-6 on parameters and 4e-7 on predictions
// (toy sets, 20–30 epochs), 1.6e-6 on the parameters of MNIST's 784-input layer and 6.3e-7 on
// its predictions, 1.5e-8 on inference losses, so 1e-5 leaves a margin of 6 while a wrong
// gradient or update (>= 1e-3) cannot pass.
// Dropout masks and shuffles come from the integer RNG, so they are identical everywhere.
//
// A dense layer followed by batch norm has no bias (nn.h). When it had one, its true gradient
// was 0 and backprop's round-off (~1e-9), divided by Adam's own RMS, made full-size,
// build-dependent steps: those biases drifted apart by 0.1 and the running means lagged behind
// them, so the two-batch-norm spiral below predicted 3e-3 apart in the two wasm builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NATIVE_LOSSES, SCALAR_WASM, loadEngine } from './engine-util.js';

const TOL = 1e-5;

const CASES = [
  { name: 'spiral, tanh, SGD, mini-batches',
    data: ['spiral', 200, 0.1, 3, 5], epochs: 30, batch: 10,
    spec: { layers: '8,8,1', activations: 'tanh,tanh,sigmoid', loss: 'bce', optimizer: 'sgd', lr: 0.1,
      seed: 3 } },
  { name: 'multiclass, relu + batch norm + dropout, Adam, cosine schedule',
    data: ['multiclass', 300, 0.2, 4, 6], epochs: 20, batch: 32,
    spec: { layers: '16,4', activations: 'relu,softmax', loss: 'softmax_ce', optimizer: 'adam', lr: 0.01,
      batchnorm: 1, dropout: 0.1, schedule: 'cosine', decay_steps: 100, seed: 4 } },
  { name: 'spiral, two batch norms (relu, tanh), Adam',
    data: ['spiral', 300, 0.1, 3, 6], epochs: 20, batch: 16,
    spec: { layers: '16,16,1', activations: 'relu,tanh,sigmoid', loss: 'bce', optimizer: 'adam', lr: 0.01,
      batchnorm: 1, seed: 9 } },
  { name: 'plane regression, MSE, momentum, L1 + L2, clipping',
    data: ['plane', 200, 0.1, 3, 7], epochs: 20, batch: 20,
    spec: { layers: '8,1', activations: 'tanh,linear', loss: 'mse', optimizer: 'momentum', lr: 0.05,
      l1: 0.0005, l2: 0.001, clip_norm: 1, seed: 5 } },
  { name: 'circle, leaky relu, He init, RMSprop with warm-up, full batch',
    data: ['circle', 150, 0.3, 3, 8], epochs: 25, batch: 0,
    spec: { layers: '12,6,1', activations: 'leaky_relu,leaky_relu,sigmoid', loss: 'bce', init: 'he',
      optimizer: 'rmsprop', lr: 0.01, warmup: 5, seed: 6 } },
];

// Runs on a data set's rows: an f32 set with batch norm and dropout, a regression on the second
// target column of a set with two, and MNIST's bytes (784 inputs: its products sum the most
// terms, so the builds' orders of summation differ the most).
const ROWS_CASES = [
  { name: 'rows of iris, tanh + batch norm + dropout, RMSprop',
    file: 'iris', rows: { split: 'train', first: 5, n: 110 }, epochs: 15, batch: 16,
    spec: { inputs: 4, layers: '8,3', activations: 'tanh,softmax', loss: 'softmax_ce', optimizer: 'rmsprop',
      lr: 0.01, batchnorm: 1, dropout: 0.1, seed: 8 } },
  { name: 'rows of ames, ln price (target 1), relu, Adam, L2',
    file: 'ames', rows: { split: 'train', n: 2344, target: 1 }, epochs: 3, batch: 64,
    spec: { inputs: 314, layers: '16,1', activations: 'relu,linear', loss: 'mse', optimizer: 'adam', lr: 0.002,
      l2: 0.001, seed: 9 } },
  { name: 'rows of MNIST (bytes), relu, Adam',
    file: 'mnist', rows: { split: 'train', first: 1000, n: 2000 }, epochs: 2, batch: 64,
    spec: { inputs: 784, layers: '32,10', activations: 'relu,softmax', loss: 'softmax_ce', optimizer: 'adam',
      lr: 0.002, init: 'he', seed: 10 } },
  { name: 'rows of MNIST, a small CNN: conv, max and average pooling, relu, Adam',
    file: 'mnist', rows: { split: 'train', first: 3000, n: 1000 }, epochs: 2, batch: 32,
    spec: { inputs: 784, input_shape: '1x28x28', layers: 'conv4k5,pool2,conv8k3p1,avgpool2,16,10',
      activations: 'relu,relu,relu,softmax', loss: 'softmax_ce', optimizer: 'adam', lr: 0.002, init: 'he',
      seed: 11 } },
  { name: 'rows of MNIST, a CNN with batch norm over channels and dropout, strided conv, SGD',
    file: 'mnist', rows: { split: 'train', first: 5000, n: 600 }, epochs: 2, batch: 20,
    spec: { inputs: 784, input_shape: '1x28x28', layers: 'conv6k3s2p1,pool2,conv6k1,10',
      activations: 'tanh,relu,softmax', loss: 'softmax_ce', optimizer: 'momentum', lr: 0.02, batchnorm: 1,
      dropout: 0.1, seed: 12 } },
];

const datasetFile = (name) => fileURLToPath(new URL(`../../datasets/out/${name}.nnds`, import.meta.url));

/** @typedef {{losses: number[], params: number[], predictions: number[], loss: number}} Run */

/** @returns {Run} */
function nativeRun({ data, file, rows, epochs, batch, spec }) {
  const fields = Object.entries(spec).map(([k, v]) => `${k}=${v}`);
  const args = file
    ? ['rows', datasetFile(file), rows.split === 'test' ? 1 : 0, rows.first ?? 0, rows.n, rows.target ?? 0]
    : ['toy', ...data];
  const out = execFileSync(NATIVE_LOSSES, [...args.map(String), String(epochs), String(batch), ...fields],
    { encoding: 'utf8' });
  return JSON.parse(out);
}

/**
 * @param {import('../../web/engine.js').Engine} engine
 * @returns {Run}
 */
function wasmRun(engine, { data: [toy, n, noise, classes, seed], epochs, batch, spec }) {
  const { x, y } = engine.toy(toy, n, noise, classes, seed);
  const net = engine.createModel(spec);
  const data = engine.upload(x, y);
  try {
    const losses = Array.from({ length: epochs }, () => net.trainEpoch(data, batch));
    return { losses, params: [...net.params()], predictions: [...net.predict(x)], loss: net.evaluate(data).loss };
  } finally {
    data.free();
    net.free();
  }
}

/** The same on a data set's rows, through net.trainRows. */
function wasmRowsRun(engine, { file, rows, epochs, batch, spec }) {
  const ds = engine.openDataset(new Uint8Array(readFileSync(datasetFile(file))));
  const net = engine.createModel(spec);
  try {
    const losses = Array.from({ length: epochs }, () => net.trainRows(ds, rows, { batch }).loss);
    return { losses, params: [...net.params()], predictions: [...net.predictRows(ds, rows)],
      loss: net.evaluateRows(ds, rows).loss };
  } finally {
    ds.free();
    net.free();
  }
}

/** Worst relative difference, asserting it is within TOL. */
function assertClose(what, got, want) {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  got.forEach((g, i) => {
    const d = Math.abs(g - want[i]) / Math.max(1, Math.abs(want[i]));
    assert.ok(d <= TOL, `${what}[${i}]: ${g} vs ${want[i]} (relative ${d.toExponential(2)} > ${TOL})`);
    worst = Math.max(worst, d);
  });
  return worst;
}

const simd = await loadEngine();
const scalar = await loadEngine(SCALAR_WASM);

for (const c of [...CASES, ...ROWS_CASES]) {
  test(`parity: ${c.name}`, (t) => {
    const run = c.file ? wasmRowsRun : wasmRun;
    const runs = { native: nativeRun(c), scalar: run(scalar, c), simd: run(simd, c) };
    assert.ok(runs.native.losses.at(-1) < runs.native.losses[0], 'the run trains at all');
    const diffs = {};
    for (const [a, b] of [['scalar', 'native'], ['simd', 'scalar']]) {
      for (const what of ['losses', 'params', 'predictions', 'loss']) {
        diffs[`${a}-${b} ${what}`] = assertClose(`${a} vs ${b} ${what}`, [runs[a][what]].flat(), [runs[b][what]].flat());
      }
    }
    t.diagnostic(Object.entries(diffs).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', '));
  });
}

/**
 * fn(net, engine) on a fresh model of `spec` with parameters `params`, in the SIMD and then the
 * scalar build; returns the two results. The model is freed whatever fn does.
 */
function inBothBuilds(spec, params, fn) {
  return [simd, scalar].map((engine) => {
    const net = engine.createModel(spec);
    try {
      net.setParams(params);
      return fn(net, engine);
    } finally {
      net.free();
    }
  });
}

// tanh and sigmoid are one rational four lanes at a time (csrc/tanh.h, used by the passes of
// csrc/act.c and on the narrow blocks' sums in csrc/layers.c), SIMD operations in one build and
// scalar ones in the other: the same operations in the same order, so the SIMD build's values
// must equal the scalar build's bit for bit, and both lie within 4e-7 of the true function
// (the bound tests/test_act.c sets natively). Read through a 1 → 3 layer with w = 1, b = 0 (a
// two-unit tile and a one-unit tail of the narrow block); 4001 points over [-20, 20] cover the
// clamp and the tails, and the block's edge: 4001 = 16·250 + 1.
for (const act of ['tanh', 'sigmoid']) {
  test(`parity: ${act} values, SIMD = scalar, within 4e-7 of Math`, () => {
    const x = Float32Array.from({ length: 4001 }, (_, i) => -20 + i / 100);
    const exact = act === 'tanh' ? Math.tanh : (v) => 1 / (1 + Math.exp(-v));
    const values = inBothBuilds({ inputs: 1, layers: [3], activations: [act], loss: 'mse' },
      Float32Array.of(1, 1, 1, 0, 0, 0), (net) => net.predict(x));
    assert.deepEqual(values[0], values[1]);
    const worst = Math.max(...Array.from(values[0], (v, i) => Math.abs(v - exact(x[Math.floor(i / 3)]))));
    assert.ok(worst <= 4e-7, `worst ${worst}`);
  });
}

// Binary cross-entropy is written four lanes at a time too (csrc/loss.c): with w = 1, b = 0
// the logits are the inputs in both builds, so the losses must agree to the bit and match the
// exact mean of log(1 + e^-|z|) + max(z, 0) - z·y. Three ranges, each of 1003 points
// (evaluate's chunks of 1024 rows leave no remainder; 1003 = 4·250 + 3 does):
// - z in [-1, 1], y = 1/2: the log term is the loss; the series is within 2.3e-7 of log, so
//   within 3e-7 absolute (three terms of the series instead of six would be off by 1e-4);
// - z in [6, 14], y = 1: confident and right, a loss of ~1e-4 made of the log term alone,
//   relative 2e-5 (adding it to z in float before subtracting z·y lost 7e-5);
// - z in [-20, 20], mixed targets: the tails and the sign choices, relative 1e-6.
const BCE_CASES = [
  { name: 'log term', from: -1, to: 1, y: () => 0.5, tol: (exact) => 3e-7 },
  { name: 'confident', from: 6, to: 14, y: () => 1, tol: (exact) => 2e-5 * exact },
  { name: 'tails', from: -20, to: 20, y: (i) => [1, 0, 0.25][i % 3], tol: (exact) => 1e-6 * exact },
];
for (const c of BCE_CASES) {
  test(`parity: bce loss (${c.name}), SIMD = scalar, close to the exact mean`, () => {
    const x = Float32Array.from({ length: 1003 }, (_, i) => c.from + ((c.to - c.from) * i) / 1002);
    const y = Float32Array.from(x, (_, i) => c.y(i));
    const losses = inBothBuilds({ inputs: 1, layers: [1], activations: ['sigmoid'], loss: 'bce' },
      Float32Array.of(1, 0), (net, engine) => {
        const data = engine.upload(x, y);
        try {
          return net.evaluate(data).loss;
        } finally {
          data.free();
        }
      });
    assert.equal(losses[0], losses[1]);
    let exact = 0;
    x.forEach((z, i) => { exact += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - z * y[i]; });
    exact /= x.length;
    assert.ok(Math.abs(losses[0] - exact) <= c.tol(exact), `${losses[0]} vs ${exact}`);
  });
}

// A NaN before tanh (here inf - inf from finite weights 3e38 and inputs ±2) must surface as
// divergence in both builds, in the four-lane part and in the remainder (5 rows): a clamp
// that turned NaN into ±1 once made the scalar build train on, silently.
test('parity: a NaN pre-activation is reported as divergence in both builds', () => {
  const x = Float32Array.from({ length: 10 }, (_, i) => (i % 2 ? -2 : 2));
  inBothBuilds({ inputs: 2, layers: [1, 1], activations: ['tanh', 'linear'], loss: 'mse' },
    Float32Array.of(3e38, 3e38, 0, 1, 0), (net) => {
      assert.ok(Array.from(net.activations(x, 0)).every(Number.isNaN), 'tanh keeps NaN');
      assert.throws(() => net.trainStep(x, new Float32Array(5)), /diverged/);
    });
});

// Softmax's exp is written so too (csrc/act.c): the SIMD build's probabilities must equal the
// scalar build's bit for bit and match the exact softmax. A 1 → 7 softmax layer with logits
// z_j = w_j·x + b_j spread over [-60, 60] and beyond, so some rows hold probabilities far
// below float's range (the exp is clamped at e^-86 there) and 7 columns leave four-lane tails.
test('parity: softmax, SIMD = scalar, within 1e-6 of the exact probabilities', () => {
  const w = Float32Array.of(-3, -1, -0.5, 0, 0.5, 1, 3), b = Float32Array.of(0, 1, -2, 0.3, 2, -1, 0);
  const x = Float32Array.from({ length: 1001 }, (_, i) => -20 + i / 25);
  const probs = inBothBuilds({ inputs: 1, layers: [7], activations: ['softmax'], loss: 'softmax_ce' },
    Float32Array.from([...w, ...b]), (net) => net.predict(x));
  assert.deepEqual(probs[0], probs[1]);
  let worst = 0;
  x.forEach((v, i) => {
    const z = Array.from(w, (wj, j) => Math.fround(Math.fround(wj * v) + b[j]));
    const mx = Math.max(...z), e = z.map((zj) => Math.exp(zj - mx)), sum = e.reduce((s, t) => s + t, 0);
    e.forEach((ej, j) => { worst = Math.max(worst, Math.abs(probs[0][i * 7 + j] - ej / sum)); });
  });
  assert.ok(worst <= 1e-6, `worst ${worst}`);
});
