// The TensorFlow.js peers (4.22, development dependencies used only here): the wasm backend
// (XNNPACK; SIMD; one thread, which is all it offers under Node) and the plain-JS cpu backend.
// tfjs-core is written against, not tfjs-layers: the MLP is variables + an optimizer.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { W1, W1_SPEC, W2, W2_SPEC, W3_SHAPES, W4, W4_SPEC, gflop, lcg, lcgFill, w1Data, w2Grid } from './workloads.js';

const require = createRequire(import.meta.url);
export const tf = require('@tensorflow/tfjs-core');
// The gradients minimize() needs: the full tfjs package registers them, tfjs-core's Node build
// does not and its ESM files are not loadable by Node, so mk/bench.mk bundles them with esbuild.
// They register into tfjs's global registry, shared with the require()d core above.
require('../build/bench/tfjs-gradients.cjs');
const wasmBackend = require('@tensorflow/tfjs-backend-wasm');
require('@tensorflow/tfjs-backend-cpu');

wasmBackend.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
wasmBackend.setThreadsCount(1);

// Switches tfjs to `name` ('wasm' or 'cpu'); returns a description of what runs.
export async function useBackend(name) {
  if (!(await tf.setBackend(name))) throw new Error(`tfjs: backend ${name} failed to start`);
  await tf.ready();
  if (name !== 'wasm') return 'cpu (JavaScript)';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `wasm (XNNPACK, ${simd ? 'SIMD' : 'no SIMD'}, ${wasmBackend.getThreadsCount()} thread)`;
}

tf.enableProdMode(); // no debug checks, no console nags: the setting for timing

const PRODUCTS = [['ab', false, false], ['atb', true, false], ['abt', false, true]];

// W3: tf.matMul with the transpose flags; the result is a new tensor (C = op(A)·op(B)),
// disposed after each call. Shapes above `maxMacs` are left out (the cpu backend needs
// seconds per 1024³ call).
function w3(work, maxMacs) {
  for (const [m, n, k] of W3_SHAPES) {
    if (m * n * k > maxMacs) continue;
    const next = lcg(1);
    for (const [p, ta, tb] of PRODUCTS) {
      const a = tf.tensor2d(lcgFill(next, new Float32Array(m * k)), ta ? [k, m] : [m, k]);
      const b = tf.tensor2d(lcgFill(next, new Float32Array(k * n)), tb ? [n, k] : [k, n]);
      work[`W3 ${m}x${n}x${k} ${p} GFLOP/s`] = { fn: () => tf.matMul(a, b, ta, tb).dispose(), units: gflop(m, n, k) };
    }
  }
}

// The sweep's products (bench/sweep.js): returns (p, m, n, k) => {fn, dispose}, the operands
// made once per shape, so XNNPACK packs B once (its operator is cached per weight tensor), as
// it would for a layer's weights.
export function sweepProducts() {
  return (p, m, n, k) => {
    const [, ta, tb] = PRODUCTS.find(([q]) => q === p);
    const next = lcg(2);
    const a = tf.tensor2d(lcgFill(next, new Float32Array(m * k)), ta ? [k, m] : [m, k]);
    const b = tf.tensor2d(lcgFill(next, new Float32Array(k * n)), tb ? [n, k] : [k, n]);
    return { fn: () => tf.matMul(a, b, ta, tb).dispose(), dispose: () => (a.dispose(), b.dispose()) };
  };
}

// A dense stack as tfjs-core variables, He-initialized (for relu; 1/fan-in for tanh):
// forward gives logits.
function mlp(sizes, act, seed) {
  const layers = [];
  for (let l = 1; l < sizes.length; l++) {
    const scale = act === 'relu' ? Math.sqrt(2 / sizes[l - 1]) : Math.sqrt(1 / sizes[l - 1]);
    layers.push({
      w: tf.variable(tf.randomNormal([sizes[l - 1], sizes[l]], 0, scale, 'float32', seed + l)),
      b: tf.variable(tf.zeros([sizes[l]])),
    });
  }
  return (x) => layers.reduce((h, { w, b }, l) => {
    const z = tf.add(tf.matMul(h, w), b);
    return l === layers.length - 1 ? z : tf[act](z);
  }, x);
}

// The kernels W4's training needs (forward and gradients) that the current backend lacks.
const W4_KERNELS = ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPool', 'MaxPoolGrad', 'Relu'];
export const missingKernels = () => W4_KERNELS.filter((k) => !tf.getKernel(k, tf.getBackend()));

// W4: the LeNet-like CNN of W4_SPEC in NHWC, He-initialized, one minimize per batch of 64, a
// call training the next batch of W1's samples. Returns {work, loss} or null when a kernel is
// missing.
function cnn(x, y) {
  if (missingKernels().length) return null;
  const v = (shape, fan, seed) => tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fan), 'float32', seed));
  const w1 = v([5, 5, 1, 8], 25, 1), w2 = v([5, 5, 8, 16], 200, 2), w3 = v([256, 64], 256, 3), w4 = v([64, 10], 64, 4);
  const [b1, b2, b3, b4] = [8, 16, 64, 10].map((n) => tf.variable(tf.zeros([n])));
  const net = (xb) => {
    let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(xb, w1, 1, 'valid'), b1)), 2, 2, 'valid');
    h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, w2, 1, 'valid'), b2)), 2, 2, 'valid');
    h = tf.relu(tf.add(tf.matMul(tf.reshape(h, [-1, 256]), w3), b3));
    return tf.add(tf.matMul(h, w4), b4);
  };
  const adam = tf.train.adam(W4_SPEC.lr);
  const batches = [];
  for (let s = 0; s < W1.n; s += W4.batch) {
    batches.push({
      x: tf.tensor4d(x.subarray(s * 784, (s + W4.batch) * 784), [W4.batch, 28, 28, 1]),
      y: tf.oneHot(tf.tensor1d(y.subarray(s, s + W4.batch), 'int32'), W1.classes),
    });
  }
  let i = 0;
  const loss = () => tf.tidy(() => tf.div(tf.addN(batches.map((b) =>
    tf.losses.softmaxCrossEntropy(b.y, net(b.x)))), batches.length).dataSync()[0]);
  const fn = () => {
    const b = batches[i];
    i = (i + 1) % batches.length;
    adam.minimize(() => tf.losses.softmaxCrossEntropy(b.y, net(b.x)));
  };
  return { work: { fn, units: W4.batch }, loss };
}

// The work to time on the current backend, as bench/nnplay.js's contestant() returns it.
// W1 and W2 are written the way tfjs-core is meant to be used: tidy'd forward passes and
// optimizer.minimize. W1's batches are made into tensors once (as engine.upload does); W2's
// per-step batch is copied in per call (as engine trainStep does). `circle` is W2's data set
// from engine.toy, so both libraries see the same points.
export function contestant(circle, maxMacs = Infinity) {
  const work = {};
  w3(work, maxMacs);

  const { x, y } = w1Data();
  const net1 = mlp([W1.features, 128, 64, W1.classes], 'relu', 1);
  const adam = tf.train.adam(W1_SPEC.lr);
  const batches = [];
  for (let s = 0; s < W1.n; s += W1.batch) {
    batches.push({
      x: tf.tensor2d(x.subarray(s * W1.features, (s + W1.batch) * W1.features), [W1.batch, W1.features]),
      y: tf.oneHot(tf.tensor1d(y.subarray(s, s + W1.batch), 'int32'), W1.classes),
    });
  }
  const loss1 = () => tf.tidy(() => tf.div(tf.addN(batches.map((b) =>
    tf.losses.softmaxCrossEntropy(b.y, net1(b.x)))), batches.length).dataSync()[0]);
  const x1000 = x.subarray(0, W1.inferBatch * W1.features);
  work['W1 train samples/s'] = {
    fn: () => batches.forEach((b) => adam.minimize(() => tf.losses.softmaxCrossEntropy(b.y, net1(b.x)))),
    units: W1.n,
  };
  work['W1 infer samples/s'] = {
    fn: () => {
      const out = tf.tidy(() => tf.softmax(net1(tf.tensor2d(x1000, [W1.inferBatch, W1.features]))));
      out.dataSync();
      out.dispose();
    },
    units: W1.inferBatch,
  };

  const net2 = mlp([2, 8, 8, 1], 'tanh', 1);
  const sgd = tf.train.sgd(W2_SPEC.lr);
  const loss2 = () => tf.tidy(() => tf.losses.sigmoidCrossEntropy(
    tf.tensor2d(circle.y, [W2.n, 1]), net2(tf.tensor2d(circle.x, [W2.n, 2]))).dataSync()[0]);
  let i = 0;
  work['W2 train steps/s (call per step)'] = {
    // One step on the next batch of 10, copied in; reads its loss, as trainStep returns it.
    fn: () => {
      const s = i, nb = W2.batch;
      i = (i + nb) % W2.n;
      const xb = tf.tensor2d(circle.x.subarray(2 * s, 2 * (s + nb)), [nb, 2]);
      const yb = tf.tensor2d(circle.y.subarray(s, s + nb), [nb, 1]);
      const cost = sgd.minimize(() => tf.losses.sigmoidCrossEntropy(yb, net2(xb)), true);
      cost.dataSync();
      cost.dispose(), xb.dispose(), yb.dispose();
    },
    units: 1,
  };
  const grid = w2Grid();
  work['W2 grid ms'] = {
    fn: () => {
      const out = tf.tidy(() => tf.sigmoid(net2(tf.tensor2d(grid, [grid.length / 2, 2]))));
      out.dataSync();
      out.dispose();
    },
    units: 1,
  };

  const w4 = cnn(x, y);
  if (w4) work['W4 CNN train samples/s'] = w4.work;

  const before = { W1: loss1(), W2: loss2(), W4: w4?.loss() };
  return {
    work,
    losses: () => ({ W1: [before.W1, loss1()], W2: [before.W2, loss2()], ...(w4 && { W4: [before.W4, w4.loss()] }) }),
  };
}
