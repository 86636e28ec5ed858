// The nnplay wasm contestants of `make bench`: the engine (web/engine.js over nnplay.wasm or
// nnplay-scalar.wasm) for W1/W2, and a module holding just the products of that build
// (mk/simd-test.mk, mk/bench.mk) for W3, since the engine exports no raw matmul.
import { Engine } from '../web/engine.js';
import { instantiate } from '../web/wasm-loader.js';
import { rate } from './timing.js';
import { W1, W1_SPEC, W2, W2_SPEC, W3_SHAPES, lcg, lcgFill, w1Data, w2Grid } from './workloads.js';

const PRODUCTS = ['ab', 'atb', 'abt'];

// W3: GFLOP/s of each product on each shape, C += op(A)·op(B) on LCG data.
export async function w3Matmul(matmulWasm, metrics) {
  const ex = (await instantiate(matmulWasm)).exports;
  for (const [m, n, k] of W3_SHAPES) {
    const a = ex.malloc(4 * m * k), b = ex.malloc(4 * k * n), c = ex.malloc(4 * m * n);
    const next = lcg(1);
    lcgFill(next, new Float32Array(ex.memory.buffer, a, m * k));
    lcgFill(next, new Float32Array(ex.memory.buffer, b, k * n));
    new Float32Array(ex.memory.buffer, c, m * n).fill(0);
    for (const p of PRODUCTS) {
      const f = ex[`mat_mul_${p}`];
      metrics[`W3 ${m}x${n}x${k} ${p} GFLOP/s`] = rate(() => f(c, a, b, m, n, k), (2 * m * n * k) / 1e9);
    }
    ex.free(a), ex.free(b), ex.free(c);
  }
}

// W1 and W2 through the engine's public API, as the page uses it. losses.W1/W2 are the
// training-set loss before the first step and after the timed runs.
export async function models(engineWasm, metrics, losses) {
  const engine = await Engine.load(engineWasm);

  const { x, y } = w1Data();
  const net1 = engine.createModel(W1_SPEC);
  const data1 = engine.upload(x, y);
  const before1 = net1.evaluate(data1).loss;
  metrics['W1 train samples/s'] = rate(() => net1.trainEpoch(data1, W1.batch), W1.n);
  losses.W1 = [before1, net1.evaluate(data1).loss];
  const x1000 = x.subarray(0, W1.inferBatch * W1.features);
  metrics['W1 infer samples/s'] = rate(() => net1.predict(x1000), W1.inferBatch);
  data1.free(), net1.free();

  const circle = engine.toy('circle', W2.n, W2.noise, 2, W2.seed);
  const net2 = engine.createModel(W2_SPEC);
  const data2 = engine.upload(circle.x, circle.y);
  const before2 = net2.evaluate(data2).loss;
  metrics['W2 train steps/s (one call)'] = rate(() => net2.trainEpoch(data2, W2.batch), W2.n / W2.batch);
  const xb = circle.x.subarray(0, 2 * W2.batch), yb = circle.y.subarray(0, W2.batch);
  metrics['W2 train steps/s (call per step)'] = rate(() => net2.trainStep(xb, yb), 1);
  losses.W2 = [before2, net2.evaluate(data2).loss];
  const grid = w2Grid();
  metrics['W2 grid ms'] = 1e3 / rate(() => net2.predict(grid), 1);
  data2.free(), net2.free();
}
