// The wasm SIMD products against the scalar reference, in the test-only module of
// mk/simd-test.mk (both kernels linked, the reference compiled without vectorization).
//
// Shapes: every combination of M, N, K in {1, 3, 4, 5, 7, 8, 9, 16, 17, 33} (tails of the 5×8
// tile and of the 4-wide vectors in every dimension), plus shapes that cross the KC, MC and
// NC block edges, plus each boundary of the few-row and narrow paths. Every path is hit:
// rows() (below 4 rows, 9 columns or 9 terms, or 4-column groups of a small op(B)) with its
// 4-, 3-, 2- and 1-row blocks and partial last vector, dots() (A·Bᵀ with few rows or
// columns, A·B with fewer than 4 columns) with every row count and a partial last step,
// narrow Aᵀ·B computed transposed, packed gemm() otherwise, with op(B) read in place when
// narrow and a short last panel of every row count.
//
// Tolerance, per element: |got - ref| <= 2·(K+1)·u·(|c0| + Σp |a_ip·b_pj|) with u = 2^-24.
// Each side sums K+1 float terms (C's old value and K products) in its own order, and a
// recursive float sum of n terms errs by at most n·u·Σ|terms| (Higham, Accuracy and Stability,
// §4.2), so two orders differ by at most twice that. A missing, doubled or misplaced term
// (of size ~|a·b| ~ 0.3) is far above it.
//
// The pre-packed A·B (mat_pack_b, mat_mul_ab_packed) is checked the same way against the
// reference of A·B or A·Bᵀ, whichever it was packed from.
//
// No over-reads: for each case the operands sit at the very end of wasm memory, each one in
// turn last, so a read or write past its end traps; a guard block before them and the
// inputs themselves are checked unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const wasmPath = new URL('../../build/simd-test/matmul.wasm', import.meta.url);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
  env: { emscripten_notify_memory_growth() {} },
});
const ex = instance.exports;
ex._initialize();

const U = 2 ** -24;
const SIZES = [1, 3, 4, 5, 7, 8, 9, 16, 17, 33];
const GUARD = 16; // floats before the operands, checked unchanged
const GUARD_VALUE = 12345.5;

// The three products: shapes of A and B for C (m, n), and element accessors in math terms.
const PRODUCTS = [
  { name: 'ab', aLen: (m, n, k) => m * k, bLen: (m, n, k) => k * n,
    a: (A, i, p, m, k) => A[i * k + p], b: (B, p, j, n, k) => B[p * n + j] },
  { name: 'atb', aLen: (m, n, k) => k * m, bLen: (m, n, k) => k * n,
    a: (A, i, p, m, k) => A[p * m + i], b: (B, p, j, n, k) => B[p * n + j] },
  { name: 'abt', aLen: (m, n, k) => m * k, bLen: (m, n, k) => n * k,
    a: (A, i, p, m, k) => A[i * k + p], b: (B, p, j, n, k) => B[j * k + p] },
];

// Deterministic values in [-1, 1) (a 32-bit LCG; the test needs variety, not quality).
function filler(seed) {
  let s = seed >>> 0;
  return (arr) => {
    for (let i = 0; i < arr.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      arr[i] = s / 2 ** 31 - 1;
    }
    return arr;
  };
}

// Enough room at the top of memory, above anything malloc has handed out (sbrk never moves
// into pages grown here before its own next growth, and this test mallocs nothing).
const TOP_BYTES = 4 * (GUARD + 2200000); // the largest case, packed 4×1021×1024, needs 2,102,260 floats
ex.memory.grow(Math.ceil(TOP_BYTES / 65536) + 1);

// Places the three operands flush against the end of memory in the given order; returns
// byte offsets by name.
function place(order, lens) {
  const end = ex.memory.buffer.byteLength;
  const total = order.reduce((s, nm) => s + lens[nm], 0);
  let off = end - 4 * total;
  const guard = off - 4 * GUARD;
  const at = { guard };
  for (const nm of order) {
    at[nm] = off;
    off += 4 * lens[nm];
  }
  return at;
}

/**
 * Each element of got against ref within the reordering bound 2(k+1)·u·(|C0| + Σ|a·b|),
 * pushing up to five differences to fails.
 */
function compareC(fails, where, prod, { A, B, C0, ref, got }, m, n, k) {
  for (let i = 0; i < m && fails.length < 5; i++)
    for (let j = 0; j < n && fails.length < 5; j++) {
      let mag = Math.abs(C0[i * n + j]);
      for (let p = 0; p < k; p++) mag += Math.abs(prod.a(A, i, p, m, k) * prod.b(B, p, j, n, k));
      const tol = 2 * (k + 1) * U * mag;
      const r = ref[i * n + j], g = got[i * n + j];
      if (!(Math.abs(g - r) <= tol))
        fails.push(`${where}: (${i},${j}) ref ${r} got ${g} (|diff| ${Math.abs(g - r)} > tol ${tol})`);
    }
}

/**
 * One shape against the reference of `prod`, with the operands (the keys of lens, in order)
 * each last in turn at the end of memory: run(at, view) computes C += op(A)·op(B) into at.C.
 * A and the guard block must come through unchanged, and B too unless the run overwrites it.
 * @returns {string[]} failures
 */
function checkPlaced({ prod, m, n, k, seed, lens, name, run, overwritesB = false }) {
  const fill = filler(seed);
  const A = fill(new Float32Array(lens.A));
  const B = fill(new Float32Array(lens.B));
  const C0 = fill(new Float32Array(lens.C));
  const names = Object.keys(lens);
  const fails = [];
  for (const order of names.map((_, r) => [...names.slice(r), ...names.slice(0, r)])) {
    const at = place(order, lens);
    const view = (nm, len) => new Float32Array(ex.memory.buffer, at[nm], len);
    new Float32Array(ex.memory.buffer, at.guard, GUARD).fill(GUARD_VALUE);
    view('A', lens.A).set(A);
    view('B', lens.B).set(B);
    view('C', lens.C).set(C0);
    ex[`mat_mul_${prod.name}_ref`](at.C, at.A, at.B, m, n, k);
    const ref = view('C', lens.C).slice();
    view('C', lens.C).set(C0);
    run(at, view); // traps if it over-reads the last operand
    const got = view('C', lens.C);
    const where = `${name} ${m}x${n}x${k}, ${order.at(-1)} last`;
    compareC(fails, where, prod, { A, B, C0, ref, got }, m, n, k);
    if (!view('A', lens.A).every((v, i) => v === A[i])) fails.push(`${where}: A was modified`);
    if (!overwritesB && !view('B', lens.B).every((v, i) => v === B[i])) fails.push(`${where}: B was modified`);
    if (!new Float32Array(ex.memory.buffer, at.guard, GUARD).every((v) => v === GUARD_VALUE))
      fails.push(`${where}: wrote before the operands`);
  }
  return fails;
}

/** One product on one shape. */
const check = (prod, m, n, k, seed) => checkPlaced({
  prod, m, n, k, seed, name: prod.name,
  lens: { A: prod.aLen(m, n, k), B: prod.bLen(m, n, k), C: m * n },
  run: (at) => ex[`mat_mul_${prod.name}`](at.C, at.A, at.B, m, n, k),
});

// The pre-packed A·B (mat_pack_b, then mat_mul_ab_packed) against the reference of the same
// product: op(B) = B (packed from B, K×N) is mat_mul_ab_ref's, op(B) = Bᵀ (from B, N×K) is
// mat_mul_abt_ref's. Four operands now, A, B, the packed buffer P and C, each last in turn, P
// exactly mat_pack_b_size floats long; packing reads only B and writes only P, the product
// reads only A and P.
const checkPacked = (trans, m, n, k, seed) => checkPlaced({
  prod: PRODUCTS[trans ? 2 : 0], m, n, k, seed, name: `packed ${trans ? 'Bt' : 'B'}`,
  lens: { A: m * k, B: k * n, C: m * n, P: ex.mat_pack_b_size(n, k) },
  run: (at, view) => {
    ex.mat_pack_b(at.P, at.B, n, k, trans); // traps if it writes past P or reads past B
    view('B', k * n).fill(NaN); // the product must not read B
    ex.mat_mul_ab_packed(at.C, at.A, at.P, m, n, k);
  },
  overwritesB: true,
});

test('mat_mul_ab_packed: equals the reference for every M in 1..9 and widths around the 8-wide panel', () => {
  // Each layout: Bᵀ for dot products (N = 1, 3), 4-column panels for pairs of rows (K = 5),
  // op(B) itself for one term (K = 1), panels otherwise. M 1..9: one row's GEMV, the 2- to 4-row tiles below the 5-row one, one full
  // tile, and past it; N around the panel (NR = 8: 7, 8, 9, 16, 17) and primes; K across KC =
  // 512. Then rows across MC = 80, panels across several of blocks()' bands (1021 columns: a
  // partial last band and an edge panel, K across KC), the sweep's worst shapes before the
  // packed path, and each side of the bounds of few_rows() (4-row tiles over A in place): up
  // to 16 rows but whole 5-row tiles over at most 64 columns, any number of rows over at most
  // 24, and one row past whole tiles while op(B) is within 131,072 floats (16×128×1024).
  // One row takes the panels two at a time: an odd count of them, whole or partial last (21,
  // 41 = 40 + 1), and an even count with a partial last (44, 300).
  const fails = [];
  for (const trans of [0, 1]) {
    for (let m = 1; m <= 9; m++)
      for (const n of [1, 3, 7, 8, 9, 16, 17, 61, 257])
        for (const k of [1, 5, 31, 513]) fails.push(...checkPacked(trans, m, n, k, m * 7919 + n * 31 + k + trans));
    for (const [m, n, k] of [[13, 61, 100], [81, 61, 100], [161, 33, 40], [4, 1021, 1024], [7, 17, 1024], [3, 257, 384],
      [11, 64, 31], [15, 64, 31], [16, 65, 31], [16, 72, 31], [17, 61, 31], [10, 61, 31], [20, 24, 31], [97, 25, 31],
      [257, 17, 600], [9, 40, 600], [83, 1021, 600], [16, 128, 1024], [16, 128, 1025], [11, 257, 509],
      [1, 21, 40], [1, 41, 33], [1, 44, 31], [1, 300, 97]])
      fails.push(...checkPacked(trans, m, n, k, m + n + k));
  }
  assert.deepEqual(fails, []);
});

// Short K, the rank-k updates (one row of C at a time for k <= 3, rows()' tiles from 4 on):
// every K in 1..8, M in 1..9 and two primes, N around the 4-wide vector and the 16-column
// block, and primes; the three products and the packed one, both ways.
const SHORT = { ks: [1, 2, 3, 4, 5, 6, 7, 8], ms: [1, 2, 3, 4, 5, 6, 7, 8, 9, 97, 257], ns: [4, 5, 7, 8, 9, 15, 16, 17, 19, 31, 61] };
test('short K (1..8): every product and the packed one equal the reference', () => {
  const fails = [];
  for (const k of SHORT.ks)
    for (const m of SHORT.ms)
      for (const n of SHORT.ns) {
        const seed = m * 131 + n * 7 + k;
        for (const prod of PRODUCTS) fails.push(...check(prod, m, n, k, seed));
        for (const trans of [0, 1]) fails.push(...checkPacked(trans, m, n, k, seed + trans));
      }
  assert.deepEqual(fails, []);
});

// C += A·B on B packed (mat_pack_b, mat_mul_ab_packed) against the unpacked mat_mul_ab from the
// same C, to the bit: the failure, if any, as a string.
function packedAgainstUnpacked(m, n, k) {
  const fill = filler(m * 17 + n * 3 + k);
  const A = fill(new Float32Array(m * k)), B = fill(new Float32Array(k * n)), C0 = fill(new Float32Array(m * n));
  const at = place(['A', 'B', 'P', 'C'], { A: m * k, B: k * n, P: ex.mat_pack_b_size(n, k), C: m * n });
  const view = (nm, len) => new Float32Array(ex.memory.buffer, at[nm], len);
  view('A', m * k).set(A);
  view('B', k * n).set(B);
  view('C', m * n).set(C0);
  ex.mat_mul_ab(at.C, at.A, at.B, m, n, k);
  const unpacked = view('C', m * n).slice();
  view('C', m * n).set(C0);
  ex.mat_pack_b(at.P, at.B, n, k, 0);
  ex.mat_mul_ab_packed(at.C, at.A, at.P, m, n, k);
  const got = view('C', m * n), i = got.findIndex((v, j) => !Object.is(v, unpacked[j]));
  return i >= 0 ? [`${m}x${n}x${k}: C[${i}] ${got[i]} packed, ${unpacked[i]} unpacked`] : [];
}

// Rank 4-6 updates on a packed op(B) (4-column panels) sum in the order of the unpacked
// product's pairs of rows, an odd last row included: the same C to the bit, so inference on
// packed weights gives what the forward product gives.
test('rank 4-6 updates: the packed product equals the unpacked A·B to the bit', () => {
  const fails = [];
  for (const k of [4, 5, 6])
    for (const m of SHORT.ms)
      for (const n of [...SHORT.ns, 1021]) fails.push(...packedAgainstUnpacked(m, n, k));
  assert.deepEqual(fails, []);
});

// Over panels, the packed product's 4-row tiles (few_rows, A in place) sum each KC = 512 block
// of terms from zero and add it to C, as the unpacked product's 5-row tiles do: the same C to
// the bit, K within one block and across two and three, where the last panel is whole or
// holds 4-7 columns (N = 61 = 7·8 + 5); 5 rows are one 5-row tile on both sides. (Where B is
// small the unpacked product reads it in place, its sums from C: 64×100 is such a B.)
test('panels: the packed product equals the unpacked A·B to the bit, K across KC blocks', () => {
  const fails = [];
  for (const m of [5, 7, 13, 37, 83])
    for (const n of [61, 128])
      for (const k of [100, 513, 1025]) fails.push(...packedAgainstUnpacked(m, n, k));
  assert.deepEqual(fails, []);
});

for (const prod of PRODUCTS) {
  test(`mat_mul_${prod.name}: SIMD equals the reference on every M,N,K in {${SIZES}}`, () => {
    const fails = [];
    let cases = 0;
    for (const m of SIZES)
      for (const n of SIZES)
        for (const k of SIZES) {
          fails.push(...check(prod, m, n, k, m * 10007 + n * 101 + k));
          cases++;
        }
    assert.equal(cases, SIZES.length ** 3);
    assert.deepEqual(fails, []);
  });

  test(`mat_mul_${prod.name}: SIMD equals the reference across the cache-block edges`, () => {
    // KC = 512, MC = 80, NC = 512: one past each edge, with tails of the 5×8 tile; then the
    // narrow and short products whose Bᵀ is too big for abt's stack copy (n·k > 8192), and
    // one tall enough (m >= 256) for abt to copy Bᵀ for rows(); last, an op(B) narrow enough
    // (n <= 128) to be read in place, with an edge panel packed, and rows 64 or 128 columns
    // long, packed from 32 rows of C on and read in place below; then each side of the bounds
    // of the two stack copies (8,192 floats): narrow Aᵀ·B computed transposed (n·m) and
    // Bᵀ copied for rows() (n·k). Here they check the results on each side; a bound raised
    // past its buffer is caught by the native suite (tests/test_matmul.c) under ASan. A wide
    // op(B) is packed four panels per pass; 300 columns leave a whole panel and an edge after
    // the passes. Edge panels of 1 to 4 columns run one vector wide: 2, 3 and 4 (11, 19, 26,
    // 20 columns), two of them past KC.
    const shapes = [[81, 513, 513], [87, 519, 517], [70, 300, 40], [161, 9, 600], [1, 300, 513], [4, 3, 1],
      [7, 11, 40], [83, 19, 600], [13, 26, 100], [90, 20, 520],
      [5, 7, 1200], [6, 1100, 8], [261, 20, 33], [81, 100, 90],
      [2730, 3, 5], [2731, 3, 5], [4096, 2, 3], [8192, 1, 2], [8193, 1, 2], [300, 8, 1024], [300, 8, 1025],
      [32, 64, 40], [31, 64, 40], [33, 128, 600], [16, 128, 600]];
    const fails = shapes.flatMap(([m, n, k]) => check(prod, m, n, k, m + n + k));
    assert.deepEqual(fails, []);
  });

  test(`mat_mul_${prod.name}: SIMD equals the reference at each boundary of the few-row and narrow paths`, () => {
    // rows() (op(B) read in place): K in blocks of 32 (31, 32, 33, 65 terms), column tiles of
    // 32/R columns for R = 1..4 rows, one past and one short, then single vectors, then a
    // partial vector from the zero-padded tail copy. dots() (A·Bᵀ with few rows or columns,
    // A·B with n < 4): tiles of 8/R columns, k % 4 = 1..3 as one partial vector, k < 4; and
    // each side of A·B's n·k <= 8,192 bound for copying Bᵀ and of Aᵀ·B's (m+n)·k one; A·Bᵀ
    // with 1-3 rows and fewer than 9 terms copies Bᵀ for rows() on its side of the same bound,
    // and one term (a rank-1 update, computed transposed when narrow) on each side of Aᵀ·B's
    // n·m bound. GEMV shapes of inference.
    const shapes = [[1, 31, 31], [1, 32, 32], [1, 33, 33], [1, 35, 65], [1, 36, 5], [2, 15, 33],
      [2, 16, 64], [2, 17, 97], [3, 7, 65], [3, 8, 3], [3, 9, 130], [4, 7, 33], [4, 8, 2], [4, 9, 66],
      [1, 7, 6], [1, 8, 7], [1, 9, 1], [2, 3, 9], [2, 4, 10], [2, 5, 11], [3, 1, 2], [3, 2, 13],
      [4, 3, 3], [6, 2, 14], [7, 3, 15], [9, 1, 8192], [9, 1, 8193], [5, 3, 2730], [5, 3, 2731],
      [1, 128, 784], [1, 257, 100], [2, 61, 128], [3, 1021, 37], [4, 257, 64], [3, 3, 1365], [3, 3, 1366], [1, 1, 97],
      [1, 1024, 8], [1, 1025, 8], [3, 1170, 7], [3, 1171, 7], [2, 4, 8], [2, 3, 8], [3, 5, 9], [2730, 3, 1], [2731, 3, 1]];
    const fails = shapes.flatMap(([m, n, k]) => check(prod, m, n, k, 3 * m + n + k));
    assert.deepEqual(fails, []);
  });
}
