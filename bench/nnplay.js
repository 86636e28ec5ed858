// The nnplay wasm contestants of `make bench`: the engine (web/engine.js over nnplay.wasm or
// nnplay-scalar.wasm) for W1/W2, and a module holding just the products of that build
// (mk/simd-test.mk, mk/bench.mk) for W3, since the engine exports no raw matmul.
// sweepProducts() is the same products for the shape sweep (bench/sweep.js).
// contestant() prepares everything and returns the work to time, {work: {metric: {fn, units}},
// circle, losses()}: circle is W2's data set (for the tfjs peers), losses() each model's
// training-set loss before its first step and now.
import { Engine } from '../web/engine.js';
import { instantiate } from '../web/wasm-loader.js';
import { W1, W1_SPEC, W2, W2_SPEC, W3_SHAPES, W4, W4_SPEC, gflop, lcg, lcgFill, w1Data, w2Grid } from './workloads.js';

const PRODUCTS = ['ab', 'atb', 'abt'];

// W3: C += op(A)·op(B) on LCG data, per shape and product.
async function w3(matmulWasm, work) {
  const ex = (await instantiate(matmulWasm)).exports;
  for (const [m, n, k] of W3_SHAPES) {
    const a = ex.malloc(4 * m * k), b = ex.malloc(4 * k * n), c = ex.malloc(4 * m * n);
    const next = lcg(1);
    lcgFill(next, new Float32Array(ex.memory.buffer, a, m * k));
    lcgFill(next, new Float32Array(ex.memory.buffer, b, k * n));
    new Float32Array(ex.memory.buffer, c, m * n).fill(0);
    for (const p of PRODUCTS) {
      const f = ex[`mat_mul_${p}`];
      work[`W3 ${m}x${n}x${k} ${p} GFLOP/s`] = { fn: () => f(c, a, b, m, n, k), units: gflop(m, n, k) };
    }
  }
}

// The sweep's products on operands allocated once, as large as the largest shape, filled from
// the LCG (each at least minFloats long, for other shapes such as W4's): returns (p, m, n, k)
// => a function computing C += op(A)·op(B); for 'ab packed', B is packed once, here.
export async function sweepProducts(matmulWasm, maxM, maxN, maxK, minFloats = 0) {
  const ex = (await instantiate(matmulWasm)).exports;
  const na = Math.max(maxM * maxK, minFloats), nb = Math.max(maxK * maxN, minFloats), nc = Math.max(maxM * maxN, minFloats);
  const a = ex.malloc(4 * na), b = ex.malloc(4 * nb), c = ex.malloc(4 * nc);
  const next = lcg(2);
  lcgFill(next, new Float32Array(ex.memory.buffer, a, na));
  lcgFill(next, new Float32Array(ex.memory.buffer, b, nb));
  new Float32Array(ex.memory.buffer, c, nc).fill(0);
  const bp = ex.malloc(4 * ex.mat_pack_b_size(maxN, maxK));
  return (p, m, n, k) => {
    if (p === 'ab packed') {
      ex.mat_pack_b(bp, b, n, k, 0);
      return () => ex.mat_mul_ab_packed(c, a, bp, m, n, k);
    }
    const f = ex[`mat_mul_${p}`];
    return () => f(c, a, b, m, n, k);
  };
}

// W1 and W2 through the engine's public API, as the page uses it.
export async function contestant(engineWasm, matmulWasm) {
  const work = {};
  await w3(matmulWasm, work);
  const engine = await Engine.load(engineWasm);

  const { x, y } = w1Data();
  const net1 = engine.createModel(W1_SPEC);
  const data1 = engine.upload(x, y);
  const x1000 = x.subarray(0, W1.inferBatch * W1.features);
  work['W1 train samples/s'] = { fn: () => net1.trainEpoch(data1, W1.batch), units: W1.n };
  work['W1 infer samples/s'] = { fn: () => net1.predict(x1000), units: W1.inferBatch };

  const circle = engine.toy('circle', W2.n, W2.noise, 2, W2.seed);
  const net2 = engine.createModel(W2_SPEC);
  const data2 = engine.upload(circle.x, circle.y);
  const xb = circle.x.subarray(0, 2 * W2.batch), yb = circle.y.subarray(0, W2.batch);
  const grid = w2Grid();
  work['W2 train steps/s (one call)'] = { fn: () => net2.trainEpoch(data2, W2.batch), units: W2.n / W2.batch };
  work['W2 train steps/s (call per step)'] = { fn: () => net2.trainStep(xb, yb), units: 1 };
  work['W2 grid ms'] = { fn: () => net2.predict(grid), units: 1 };

  const net4 = engine.createModel(W4_SPEC);
  work['W4 CNN train samples/s'] = { fn: () => net4.trainEpoch(data1, W4.batch), units: W1.n };

  const before = { W1: net1.evaluate(data1).loss, W2: net2.evaluate(data2).loss, W4: net4.evaluate(data1).loss };
  return {
    work,
    circle,
    losses: () => ({ W1: [before.W1, net1.evaluate(data1).loss], W2: [before.W2, net2.evaluate(data2).loss],
      W4: [before.W4, net4.evaluate(data1).loss] }),
  };
}
