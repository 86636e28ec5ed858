// The benchmark's fixed workloads for the JavaScript contestants; bench/workloads.h is the same
// recipe for the native one (keep the two in step). Synthetic data from a 32-bit LCG, so every
// contestant trains on identical numbers without a data file.

export const W3_SHAPES = [[64, 128, 784], [256, 256, 256], [1024, 1024, 1024]];
// GFLOP of an m×k by k×n product, a multiply and an add per term: the unit of every product's rate.
export const gflop = (m, n, k) => (2 * m * n * k) / 1e9;
export const W1 = { n: 2048, classes: 10, features: 784, batch: 64, inferBatch: 1000 };
export const W2 = { n: 2000, noise: 0, seed: 1, batch: 10, grid: 100 };

export const W1_SPEC = {
  inputs: 784, layers: [128, 64, 10], activations: ['relu', 'relu', 'softmax'],
  loss: 'softmax_ce', optimizer: 'adam', lr: 0.001, init: 'he', seed: 1,
};
// W4: a LeNet-like CNN on W1's samples as 1x28x28 images, trained in batches of 64 (nnplay:
// trainEpoch over all 2,048; tfjs and ConvNetJS, far slower, one batch a call). FLOPS_PER_SAMPLE
// counts its products' multiply-adds ×2, forward and both backward products (the first layer's
// dx is not computed): conv1 8×576×25, conv2 16×64×200, dense 256×64 and 64×10.
export const W4 = { batch: 64 };
export const W4_SPEC = {
  inputs: 784, input_shape: [1, 28, 28], layers: ['conv8k5', 'pool2', 'conv16k5', 'pool2', 64, 10],
  activations: ['relu', 'relu', 'relu', 'softmax'], loss: 'softmax_ce', optimizer: 'adam', lr: 0.001, init: 'he',
  seed: 1,
};
const W4_MACS = [8 * 576 * 25, 16 * 64 * 200, 256 * 64, 64 * 10];
export const W4_CONV_FLOPS = 2 * (2 * W4_MACS[0] + 3 * W4_MACS[1]);
export const W4_FLOPS = W4_CONV_FLOPS + 2 * 3 * (W4_MACS[2] + W4_MACS[3]);

export const W2_SPEC = {
  inputs: 2, layers: [8, 8, 1], activations: ['tanh', 'tanh', 'sigmoid'],
  loss: 'bce', optimizer: 'sgd', lr: 0.03, seed: 1,
};

// Uniform in [-1, 1), the float32 values bench/workloads.h computes.
export function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.fround(s / 2147483648 - 1);
  };
}

export function lcgFill(next, arr) {
  for (let i = 0; i < arr.length; i++) arr[i] = next();
  return arr;
}

// W1: sample i is class i % 10, its prototype (a fixed random vector in [0, 1)) plus uniform
// noise of the same size. y holds class indices.
export function w1Data() {
  const { n, classes, features } = W1;
  const next = lcg(42);
  const proto = Float32Array.from({ length: classes * features }, () => Math.fround(0.5 * (next() + 1)));
  const x = new Float32Array(n * features), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    y[i] = c;
    for (let f = 0; f < features; f++) x[i * features + f] = proto[c * features + f] + Math.fround(0.5 * next());
  }
  return { x, y };
}

// W2: the 100×100 boundary grid over the playground's [-6, 6]², row by row.
export function w2Grid() {
  const g = W2.grid, out = new Float32Array(g * g * 2);
  for (let r = 0; r < g; r++)
    for (let c = 0; c < g; c++) {
      out[(r * g + c) * 2] = -6 + (12 * (c + 0.5)) / g;
      out[(r * g + c) * 2 + 1] = 6 - (12 * (r + 0.5)) / g;
    }
  return out;
}
