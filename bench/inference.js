// Inference in `make bench`: nnplay wasm SIMD against tfjs-wasm and onnxruntime-web (wasm,
// SIMD, one thread), the same weights in all three (nnplay's, read out), timed interleaved:
// - the playground's boundary grid (100×100 points) through narrow networks of 2-32 units;
// - wide MLPs (hundreds to a thousand units) at batch 1,000;
// - one row through W1's network, the digit pad's single-sample prediction.
// Each contestant's outputs are compared with nnplay's before timing; a difference over
// AGREE fails the bench, since a contestant computing something else measures nothing.
import { Engine } from '../web/engine.js';
import { session } from './onnx.js';
import { tf } from './tfjs.js';
import { runRatesAsync, median } from './timing.js';
import { lcg, lcgFill, w2Grid } from './workloads.js';

const AGREE = 1e-4;
const RATIONAL = ['tanh', 'sigmoid']; // the activations made of the tanh rational (csrc/tanh.h)

// The playground's features of a grid point (x1, x2, their squares, product and sines), the
// first `inputs` of them.
function features(inputs) {
  const g = w2Grid(), n = g.length / 2, out = new Float32Array(n * inputs);
  for (let r = 0; r < n; r++) {
    const [a, b] = [g[2 * r], g[2 * r + 1]];
    const f = [a, b, a * a, b * b, a * b, Math.sin(a), Math.sin(b)];
    for (let i = 0; i < inputs; i++) out[r * inputs + i] = f[i];
  }
  return out;
}

// [name, inputs, hidden sizes, hidden activation, outputs]: 1 output is a sigmoid, more a softmax.
export const GRID_NETS = [
  ['default', 2, [8, 8], 'tanh', 1],
  ['16-unit, 3 classes', 2, [16, 16, 16], 'tanh', 3],
  ['one layer of 4', 2, [4], 'sigmoid', 1],
  ['2 units', 2, [2, 2], 'relu', 1],
  ['relu 16, 3 classes', 2, [16, 16, 16], 'relu', 3],
  ['sigmoid 16, 3 classes', 2, [16, 16, 16], 'sigmoid', 3],
  ['leaky 8, 7 features', 7, [8, 8, 8], 'leaky_relu', 1],
  ['relu 32 ×4, 3 classes', 2, [32, 32, 32, 32], 'relu', 3],
  ['tanh 32 ×6, 7 features, 4 classes', 7, [32, 32, 32, 32, 32, 32], 'tanh', 4],
];
// [name, inputs, hidden, activation, outputs] at batch WIDE_BATCH.
export const WIDE_NETS = [
  ['784-512-512-10 relu', 784, [512, 512], 'relu', 10],
  ['256-1000-1000-10 relu', 256, [1000, 1000], 'relu', 10],
  ['300-300-300-300-10 tanh', 300, [300, 300, 300], 'tanh', 10],
];
export const WIDE_BATCH = 1000;

// The three contestants of one network on x (n rows): {fns, check} where check() is the
// largest difference of a peer's outputs from nnplay's.
async function contestants(engine, [, inputs, hidden, act, outs], x, n) {
  const acts = [...hidden.map(() => act), outs > 1 ? 'softmax' : 'sigmoid'];
  const model = engine.createModel({ inputs, layers: [...hidden, outs], activations: acts,
    loss: outs > 1 ? 'softmax_ce' : 'bce', optimizer: 'sgd', lr: 0.01, init: act === 'tanh' ? 'xavier_uniform' : 'he', seed: 1 });
  const layers = acts.map((a, l) => {
    const p = model.layerParams(l);
    return { w: p.w, b: p.b, out: p.shape[0], in: p.shape[1], act: a };
  });
  // tfjs: weights stored (in, out), as a tfjs model keeps them: matMul without a transpose is
  // XNNPACK's (a transposed operand takes tfjs's scalar loop).
  const tw = layers.map((l) => {
    const wt = new Float32Array(l.in * l.out);
    for (let j = 0; j < l.out; j++) for (let i = 0; i < l.in; i++) wt[i * l.out + j] = l.w[j * l.in + i];
    return { w: tf.tensor2d(wt, [l.in, l.out]), b: tf.tensor1d(l.b), act: l.act };
  });
  const tfjs = () => {
    const y = tf.tidy(() => tw.reduce((h, l) => {
      const z = tf.add(tf.matMul(h, l.w), l.b);
      return l.act === 'leaky_relu' ? tf.leakyRelu(z, 0.01) : tf[l.act](z);
    }, tf.tensor2d(x, [n, inputs])));
    const out = y.dataSync();
    y.dispose();
    return out;
  };
  const ort = await session(layers);
  const ours = model.predict(x);
  const diff = (o) => o.reduce((m, v, i) => Math.max(m, Math.abs(v - ours[i])), 0);
  return {
    fns: { nnplay: () => model.predict(x), tfjs, ort: () => ort(x, n) },
    check: async () => ({ tfjs: diff(tfjs()), ort: diff(await ort(x, n)) }),
  };
}

// One row per network: milliseconds per call of each contestant (medians), nnplay's speed-up
// over each peer (median of run-by-run ratios), the peers' largest output difference, the
// flops of the call's products (2 per multiply-add), its values through the tanh rational (tanh
// and sigmoid units), and the bound over each peer: the peer's time over nnplay's floor, those
// products at the peak loop's rate and those values at the rational loop's cost (loops, from
// bench/calibrate.js), the loops timed with the contestants, run by run (median of the ratios).
async function table(engine, loops, nets, input) {
  const rows = [];
  for (const net of nets) {
    const { x, n } = input(net);
    process.stderr.write(`bench: inference ${net[0]}\n`);
    const c = await contestants(engine, net, x, n);
    const diff = await c.check();
    if (diff.tfjs > AGREE || diff.ort > AGREE)
      throw new Error(`inference ${net[0]}: outputs differ from nnplay's by ${JSON.stringify(diff)}`);
    const r = await runRatesAsync({ ...c.fns, peak: loops.peak, rational: loops.rational }, 1);
    const over = (peer) => median(r.nnplay.map((v, i) => v / r[peer][i]));
    const sizes = [net[1], ...net[2], net[4]];
    const flops = 2 * n * sizes.slice(1).reduce((sum, out, l) => sum + sizes[l] * out, 0);
    const rational = n * ((RATIONAL.includes(net[3]) ? net[2].reduce((a, b) => a + b, 0) : 0) + (net[4] > 1 ? 0 : 1));
    const floorS = r.peak.map((p, i) => flops / 1e9 / (p * loops.peakGflop) + rational / (r.rational[i] * loops.rationalValues));
    const bound = (peer) => median(floorS.map((f, i) => 1 / r[peer][i] / f));
    rows.push({
      name: net[0], shape: sizes.join('-'), act: net[3], rows: n, flops, rational,
      ms: Object.fromEntries(Object.keys(c.fns).map((k) => [k, 1e3 / median(r[k])])),
      overTfjs: over('tfjs'), overOrt: over('ort'), boundTfjs: bound('tfjs'), boundOrt: bound('ort'), diff,
    });
  }
  return rows;
}

export async function inference(wasmPath, loops) {
  const engine = await Engine.load(wasmPath);
  const grids = {};
  const grid = await table(engine, loops, GRID_NETS, ([, inputs]) => ({ x: (grids[inputs] ??= features(inputs)), n: 10000 }));
  const wide = await table(engine, loops, WIDE_NETS, ([, inputs]) =>
    ({ x: lcgFill(lcg(3), new Float32Array(WIDE_BATCH * inputs)), n: WIDE_BATCH }));
  const one = await table(engine, loops, [['784-128-64-10 relu, one row', 784, [128, 64], 'relu', 10]], ([, inputs]) =>
    ({ x: lcgFill(lcg(4), new Float32Array(inputs)), n: 1 }));
  return { grid, wide, one };
}
