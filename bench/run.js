// `make bench`: every workload for every contestant in one run of one Node process (one
// thread), then a Markdown table of medians, the ratios the issue's targets name (computed
// within this run), each contestant's training-set loss before and after its timed runs, and
// build/bench.json with all of it. A benchmark, not a test: it fails only if a contestant did
// not learn (then its speed measured nothing) or a module is missing.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as nnplay from './nnplay.js';
import * as tfjs from './tfjs.js';
import * as convnetjs from './convnetjs.js';
import { calibrate } from './calibrate.js';
import { inference } from './inference.js';
import { ort } from './onnx.js';
import {
  SWEEP_M, SWEEP_N, SWEEP_K, LARGE, LARGE_TARGET, CONTROL, CONTROL_DRIFT, isLarge, sweep, summarize, retimeWorst,
  retimeLarge, control,
} from './sweep.js';
import { RUNS, MIN_MS, WARMUP_MS, runRates, median } from './timing.js';
import { W3_SHAPES, W4_CONV_FLOPS, W4_FLOPS, gflop } from './workloads.js';

const BUILD = new URL('../build/', import.meta.url);
const path = (rel) => new URL(rel, BUILD).pathname;

// Column order of the table.
const SIMD = 'nnplay wasm SIMD', SCALAR = 'nnplay wasm scalar', NATIVE = 'nnplay native';
const TF_WASM = 'tfjs wasm', TF_CPU = 'tfjs cpu', CONVNETJS = 'convnetjs';
// The JavaScript peers of W4, the CNN: its target is against the fastest of them.
const W4_PEERS = [TF_WASM, TF_CPU, CONVNETJS];
// W4's products, (product, M, N, K) for batch 64: conv1 forward and dw, conv2 forward, dw, dx.
const W4_PRODUCTS = [['ab', 8, 36864, 25], ['abt', 8, 25, 36864], ['ab', 16, 4096, 200], ['abt', 16, 200, 4096],
  ['atb', 200, 4096, 16]];

// Times each metric for every contestant that has it, interleaved (bench/timing.js). A call's
// units may differ between contestants (W4: an epoch of nnplay's, a batch of the slower peers'),
// so calls per second are scaled by each one's own.
function time(contestants, results) {
  for (const metric of METRICS) {
    const fns = {}, units = {};
    for (const [name, c] of Object.entries(contestants)) {
      const w = c.work[metric];
      if (w) fns[name] = w.fn, units[name] = w.units;
    }
    if (!Object.keys(fns).length) continue;
    process.stderr.write(`bench: ${metric}: ${Object.keys(fns).join(', ')}\n`);
    for (const [name, calls] of Object.entries(runRates(fns, 1))) {
      const runs = calls.map((c) => c * units[name]);
      const v = median(runs);
      results[name].metrics[metric] = lowerIsBetter(metric) ? 1e3 / v : v;
      // units per second, run by run; kept only where another contestant's runs pair with them
      if (Object.keys(fns).length > 1) results[name].runs[metric] = runs;
    }
  }
  for (const [name, c] of Object.entries(contestants)) results[name].losses = c.losses();
}

// Each W3 product's share of the calibration loop's peak (peak: bench/calibrate.js), then the
// shape sweep against tfjs-wasm (bench/sweep.js), which must be tfjs's backend.
async function kernels(simd, peak) {
  process.stderr.write(`bench: peak ${peak.gflops.toFixed(1)} GFLOP/s, tanh ${peak.rationalNs.toFixed(2)} ns a value; shares of it\n`);
  const shares = W3_SHAPES.flatMap(([m, n, k]) => ['ab', 'atb', 'abt'].map((p) => {
    const { fn, units } = simd.work[`W3 ${m}x${n}x${k} ${p} GFLOP/s`];
    return { m, n, k, product: p, ...peak.share(fn, units) };
  }));
  const nn = await nnplay.sweepProducts(path('simd-test/matmul.wasm'), Math.max(...SWEEP_M), Math.max(...SWEEP_N),
    Math.max(...SWEEP_K), 36864 * 200);
  const convShares = W4_PRODUCTS.map(([p, m, n, k]) => ({ m, n, k, product: p, ...peak.share(nn(p, m, n, k), gflop(m, n, k)) }));
  const before = control(nn, tfjs.sweepProducts(), peak.shares);
  const rows = sweep(nn, tfjs.sweepProducts()).map((r) => ({ ...r, share: r.nnplay / peak.gflops }));
  const summary = summarize(rows);
  process.stderr.write('bench: the worst shapes again, with the loop\n');
  retimeWorst(summary, nn, tfjs.sweepProducts(), peak.shares);
  process.stderr.write('bench: the large shapes of lowest share again, with the loop\n');
  const large = retimeLarge(rows, nn, peak.share);
  const after = control(nn, tfjs.sweepProducts(), peak.shares);
  return { peak: { gflops: peak.gflops, tiles: peak.tiles, best: peak.best, rationalNs: peak.rationalNs }, shares,
    convShares, rows, summary, large, control: { before, after } };
}

// Native runs in its own process; the wasm builds and tfjs's wasm backend share this one and
// are timed interleaved; tfjs's cpu backend comes last, alone, since tfjs runs one backend at
// a time.
async function measure() {
  const results = {};
  const what = {
    [NATIVE]: `build/native/libnn.a, ${process.env.NNPLAY_NATIVE_CFLAGS ?? 'mk/native.mk'}` +
      (/-DNN_SIMDE\b/.test(process.env.NNPLAY_NATIVE_CFLAGS ?? '') ? ' (the SIMD kernels through SIMDe)' : ''),
    [SIMD]: 'build/web/nnplay.wasm, -msimd128',
    [SCALAR]: 'build/wasm/nnplay-scalar.wasm, no SIMD',
  };
  for (const name of [NATIVE, SIMD, SCALAR, TF_WASM, TF_CPU, CONVNETJS]) results[name] = { what: what[name], metrics: {}, runs: {}, losses: {} };

  process.stderr.write(`bench: ${NATIVE} (its own process)\n`);
  Object.assign(results[NATIVE], JSON.parse(execFileSync(path('bench/native-bench'), { encoding: 'utf8' })));

  const simd = await nnplay.contestant(path('web/nnplay.wasm'), path('simd-test/matmul.wasm'));
  const scalar = await nnplay.contestant(path('wasm/nnplay-scalar.wasm'), path('bench/matmul-scalar.wasm'));
  results[TF_WASM].what = `TensorFlow.js ${tfjs.tf.version_core}, ${await tfjs.useBackend('wasm')}`;
  const notes = [];
  const lacks = tfjs.missingKernels();
  if (lacks.length) notes.push(`${TF_WASM} cannot train W4: no ${lacks.join(', ')} kernel in its backend`);
  results[CONVNETJS].what = `ConvNetJS ${convnetjs.version} (plain JavaScript)`;
  time({ [SIMD]: simd, [SCALAR]: scalar, [TF_WASM]: tfjs.contestant(simd.circle), [CONVNETJS]: convnetjs.contestant() },
    results);
  const peak = await calibrate(path('bench/peak.wasm'));
  const k = await kernels(simd, peak);
  const inf = await inference(path('web/nnplay.wasm'), peak.loops);

  results[TF_CPU].what = `TensorFlow.js ${tfjs.tf.version_core}, ${await tfjs.useBackend('cpu')}`;
  time({ [TF_CPU]: tfjs.contestant(simd.circle, 256 ** 3) }, results);
  return { results, kernels: k, inference: inf, notes };
}

const METRICS = [
  'W1 train samples/s', 'W1 infer samples/s',
  'W2 train steps/s (one call)', 'W2 train steps/s (call per step)', 'W2 grid ms',
  ...W3_SHAPES.flatMap(([m, n, k]) => ['ab', 'atb', 'abt'].map((p) => `W3 ${m}x${n}x${k} ${p} GFLOP/s`)),
  'W4 CNN train samples/s',
];
const lowerIsBetter = (metric) => metric.endsWith(' ms');

// How many times faster `a` is than `b` on `metric` (null when either is missing).
function speedup(results, metric, a, b) {
  const x = results[a].metrics[metric], y = results[b].metrics[metric];
  if (x == null || y == null) return null;
  return lowerIsBetter(metric) ? y / x : x / y;
}

// The lowest and highest of the run-by-run speed-ups of `a` over `b`, when both were timed
// interleaved in this process (native was not), else null.
function spread(results, metric, a, b) {
  const x = results[a].runs[metric], y = results[b].runs[metric];
  if (!x || !y) return null;
  const r = x.map((v, i) => v / y[i]); // rates, so "ms" metrics need no inversion
  return [Math.min(...r), Math.max(...r)];
}

// The issue's targets, each a speed-up of one contestant over another (or an absolute figure).
function targets(results) {
  const big = W3_SHAPES.filter(([m]) => m >= 256);
  const list = [
    { what: 'W1 train ≥ 6× tfjs wasm', metric: 'W1 train samples/s', a: SIMD, b: TF_WASM, min: 6 },
    { what: 'W1 infer ≥ 1.1× tfjs wasm', metric: 'W1 infer samples/s', a: SIMD, b: TF_WASM, min: 1.1 },
    { what: 'W2 one call ≥ 1,000,000 steps/s', metric: 'W2 train steps/s (one call)', a: SIMD, abs: 1e6 },
    { what: 'W2 call per step ≥ 50× tfjs wasm', metric: 'W2 train steps/s (call per step)', a: SIMD, b: TF_WASM, min: 50 },
    { what: 'W2 grid ≥ 8× faster than tfjs wasm', metric: 'W2 grid ms', a: SIMD, b: TF_WASM, min: 8 },
    ...big.flatMap(([m, n, k]) => ['ab', 'atb', 'abt'].flatMap((p) => [
      { what: `W3 ${m}³ ${p} ≥ 1.25× tfjs wasm`, metric: `W3 ${m}x${n}x${k} ${p} GFLOP/s`, a: SIMD, b: TF_WASM, min: 1.25 },
      { what: `W3 ${m}³ ${p} ≥ 4× wasm scalar`, metric: `W3 ${m}x${n}x${k} ${p} GFLOP/s`, a: SIMD, b: SCALAR, min: 4 },
    ])),
    ...METRICS.map((metric) => ({ what: `native ≥ wasm SIMD: ${metric}`, metric, a: NATIVE, b: SIMD, min: 1 })),
  ];
  const w4 = 'W4 CNN train samples/s';
  const fastest = W4_PEERS.filter((n) => results[n].metrics[w4] != null)
    .reduce((a, b) => (a && results[a].metrics[w4] >= results[b].metrics[w4] ? a : b), null);
  if (fastest) list.push({ what: `W4 CNN train ≥ 2× the fastest JS peer (${fastest})`, metric: w4, a: SIMD, b: fastest, min: 2 });
  return list.map((t) => {
    const got = t.abs ? results[t.a].metrics[t.metric] : speedup(results, t.metric, t.a, t.b);
    const runs = t.abs ? null : spread(results, t.metric, t.a, t.b);
    return { ...t, got, runs, met: got != null && got >= (t.abs ?? t.min) };
  });
}

const fmt = (v) => (v == null ? '—' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
const fmtX = (v) => (v == null ? '—' : `${v.toFixed(v >= 10 ? 0 : 2)}×`);
const yesNo = (ok) => (ok ? 'yes' : '**no**');

function table(results) {
  const names = Object.keys(results);
  const ratios = [['SIMD/tfjs-wasm', SIMD, TF_WASM], ['SIMD/scalar', SIMD, SCALAR], ['native/SIMD', NATIVE, SIMD]];
  const lines = [
    `| workload | ${names.join(' | ')} | ${ratios.map((r) => r[0]).join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|${ratios.map(() => '---:').join('|')}|`,
  ];
  for (const metric of METRICS) {
    const cells = names.map((n) => fmt(results[n].metrics[metric]));
    const rs = ratios.map(([, a, b]) => fmtX(speedup(results, metric, a, b)));
    lines.push(`| ${metric} | ${cells.join(' | ')} | ${rs.join(' | ')} |`);
  }
  return lines.join('\n');
}

const { results, kernels: kern, inference: inf, notes } = await measure();
const tgs = targets(results);
const learned = Object.entries(results).flatMap(([name, r]) =>
  Object.entries(r.losses).map(([w, [before, after]]) => ({ name, w, before, after, ok: after < before })));

console.log(`\n## nnplay bench — ${os.cpus()[0].model}, Node ${process.versions.node}, V8 ${process.versions.v8}, one thread\n`);
console.log(`Medians of ${RUNS} runs (each ≥ ${MIN_MS} ms) after ≥ ${WARMUP_MS} ms of warm-up calls; the JavaScript ` +
  'contestants of a row are timed interleaved, run by run (tfjs cpu apart, after), native in its own process. Ratios are ' +
  'speed-ups within this run (for "ms", lower is better). "—": not measured (tfjs cpu at 1024³ takes seconds per ' +
  'call; tfjs has no multi-step training call).\n');
console.log(table(results));
console.log('\nContestants:');
for (const [name, r] of Object.entries(results)) console.log(`- ${name}: ${r.what}`);
for (const n of notes) console.log(`- ${n}`);
const w4Rate = results[SIMD].metrics['W4 CNN train samples/s'];
const w4Share = (flops) => (100 * w4Rate * flops / 1e9 / kern.peak.gflops).toFixed(0);
console.log(`\nW4 in nnplay wasm SIMD, whole training steps: ${fmt((w4Rate * W4_FLOPS) / 1e9)} GFLOP/s counting the ` +
  `products' ${(W4_FLOPS / 1e6).toFixed(2)} MFLOP a sample, ${w4Share(W4_FLOPS)} % of the peak below (the ` +
  `convolutions' ${(W4_CONV_FLOPS / 1e6).toFixed(2)} MFLOP alone: ${w4Share(W4_CONV_FLOPS)} %); the products alone in ` +
  'the table after the peak\'s.');
console.log('\n### Each run learned (training-set loss before the first step → after the timed runs)\n');
console.log('| contestant | workload | before | after | lowered |\n|---|---|---:|---:|---|');
for (const l of learned) console.log(`| ${l.name} | ${l.w} | ${l.before.toPrecision(4)} | ${l.after.toPrecision(4)} | ${l.ok ? 'yes' : '**NO**'} |`);
console.log('\n### Targets\n');
console.log('"runs": the lowest and highest speed-up of the runs one by one (interleaved contestants only), ' +
  'to show how near a target the noise of this machine goes.\n');
console.log('| target | measured | runs | met |\n|---|---:|---:|---|');
for (const t of tgs) {
  const runs = t.runs ? `${fmtX(t.runs[0])}–${fmtX(t.runs[1])}` : '—';
  console.log(`| ${t.what} | ${t.abs ? fmt(t.got) : fmtX(t.got)} | ${runs} | ${yesNo(t.met)} |`);
}

const shapeName = (r) => `${r.m}x${r.n}x${r.k}`;
console.log('\n### Calibration: the wasm SIMD multiply-add peak\n');
console.log(`An f32x4 mul+add loop on independent accumulators in registers (bench/peak.c): ` +
  `${fmt(kern.peak.gflops)} GFLOP/s (${Object.entries(kern.peak.tiles).map(([t, g]) => `${t} ${fmt(g)}`).join(', ')}). ` +
  'Each share below is the median of run-by-run ratios, the product timed interleaved with the loop.\n');
console.log('| shape (MxNxK) | product | GFLOP/s | share of peak |\n|---|---|---:|---:|');
for (const s of kern.shares) console.log(`| ${shapeName(s)} | ${s.product} | ${fmt(s.gflops)} | ${(100 * s.share).toFixed(0)} % |`);
console.log('\nW4\'s convolution products (batch 64), each interleaved with the loop:\n');
console.log('| shape (MxNxK) | product | GFLOP/s | share of peak |\n|---|---|---:|---:|');
for (const s of kern.convShares) console.log(`| ${shapeName(s)} | ${s.product} | ${fmt(s.gflops)} | ${(100 * s.share).toFixed(0)} % |`);
const large = kern.rows.filter(isLarge).map((r) => r.share), least = Math.min(...kern.large.map((r) => r.retimed));
console.log(`\nSweep shapes with M, N and K all ≥ ${LARGE} (${large.length}): share of peak ` +
  `${(100 * Math.min(...large)).toFixed(0)}–${(100 * Math.max(...large)).toFixed(0)} %, median ${(100 * median(large)).toFixed(0)} % ` +
  '(not interleaved with the loop). The lowest of each product, timed again interleaved with the loop: ' +
  kern.large.map((r) => `${shapeName(r)} ${r.product} ${(100 * r.retimed).toFixed(0)} %`).join(', ') +
  `; least ${(100 * least).toFixed(0)} % (target ${100 * LARGE_TARGET} %: ${yesNo(least >= LARGE_TARGET)}).`);
console.log(`\n### Shape sweep: nnplay wasm SIMD / tfjs wasm\n`);
console.log(`C = op(A)·op(B), M in {${SWEEP_M}}, N in {${SWEEP_N}}, K in {${SWEEP_K}}; tfjs's operands are made once ` +
  'per shape (XNNPACK packs B once). Each ratio is the median of 5 interleaved run-by-run speed-ups of ≥ 4 ms. ' +
  'The ten worst shapes of each product are then timed again, nnplay, tfjs and the calibration loop interleaved ' +
  '(7 runs of ≥ 60 ms): the ratio re-timed, each side\'s share of the peak, and the bound, the speed-up over tfjs of ' +
  'a product at the peak (1 / tfjs\'s share). The re-timed min is the least of the re-timed ratios and the 11th ' +
  'worst\'s ratio in the sweep.\n');
console.log('| product | shapes | min | median | max | re-timed min | target (min) | met |\n|---|---:|---:|---:|---:|---:|---:|---|');
for (const s of kern.summary)
  console.log(`| ${s.product} | ${s.shapes} | ${fmtX(s.min)} | ${fmtX(s.median)} | ${fmtX(s.max)} | ${fmtX(s.retimedMin)} | ` +
    `${fmtX(s.target)} | ${yesNo(s.met)}${s.met === s.retimedMet ? '' : `, re-timed ${yesNo(s.retimedMet)}`} |`);
{
  const [m, n, k] = CONTROL, { before, after } = kern.control;
  const w3 = results[TF_WASM].metrics[`W3 ${m}x${n}x${k} ab GFLOP/s`];
  const steady = Math.min(before.tfjs, after.tfjs) >= CONTROL_DRIFT * w3;
  console.log(`\nThe reference, checked: tfjs's ${m}×${n}×${k} A·B ran at ${fmt(w3)} GFLOP/s in W3, ` +
    `${fmt(before.tfjs)} before the sweep and ${fmt(after.tfjs)} after it (nnplay's ${fmt(before.nnplay)} and ` +
    `${fmt(after.nnplay)}, each interleaved with the loop): ${steady ? 'steady' : `**tfjs ran below ${100 * CONTROL_DRIFT} % ` +
    'of its W3 speed around the sweep, so the sweep\'s ratios overstate nnplay**'}.`);
}
for (const s of kern.summary) {
  console.log(`\nTen worst, ${s.product}:\n\n| MxNxK | nnplay GFLOP/s | tfjs GFLOP/s | ratio | re-timed | nnplay / peak | ` +
    'tfjs / peak | bound |\n|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of s.worst)
    console.log(`| ${shapeName(r)} | ${fmt(r.nnplay)} | ${fmt(r.tfjs)} | ${fmtX(r.ratio)} | ${fmtX(r.retimed)} | ` +
      `${(100 * r.nnplayShare).toFixed(0)} % | ${(100 * r.tfjsShare).toFixed(0)} % | ${fmtX(1 / r.tfjsShare)} |`);
}

console.log('\n### Inference: nnplay wasm SIMD against tfjs wasm and onnxruntime-web\n');
console.log(`onnxruntime-web ${ort.env.versions.web} (wasm, SIMD, ${ort.env.wasm.numThreads} thread; the network encoded as ` +
  'an ONNX model of Gemm and activation nodes, bench/onnx.js) and tfjs wasm, with nnplay\'s weights (outputs checked ' +
  'against nnplay\'s first: largest difference below). Milliseconds per call (copy in, predict, copy out), medians of ' +
  `${RUNS} interleaved runs; speed-ups are medians of the run-by-run ratios. nnplay GFLOP/s counts the products' ` +
  'multiply-adds alone; "bound" is the speed-up over a peer nnplay would reach if its call were those products at ' +
  'the calibration loop\'s rate and its tanh and sigmoid values at the rational loop\'s cost (bench/peak.c), with ' +
  'nothing else (bias, relu, softmax, copies) taking time; both loops are timed interleaved with the contestants, ' +
  `run by run (alone at the start: ${fmt(kern.peak.gflops)} GFLOP/s and ${kern.peak.rationalNs.toFixed(2)} ns a value).\n`);
const INF_TARGETS = { grid: { tfjs: 8, ort: 4 }, wide: { tfjs: 1.25 }, one: {} };
const INF_TITLES = { grid: 'Boundary grid, 100×100 points', wide: 'Wide MLPs, batch 1,000', one: 'One row (the digit pad)' };
for (const [part, rows] of Object.entries(inf)) {
  const t = INF_TARGETS[part];
  console.log(`\n${INF_TITLES[part]}${Object.keys(t).length ? ` (targets: ${Object.entries(t).map(([p, v]) => `≥ ${v}× ${p}`).join(', ')})` : ''}:\n`);
  console.log('| network | activation | nnplay ms | nnplay GFLOP/s | tfjs ms | ort ms | ×tfjs | bound ×tfjs | ×ort | bound ×ort | max diff | met |\n' +
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const met = Object.entries(t).every(([p, v]) => (p === 'tfjs' ? r.overTfjs : r.overOrt) >= v);
    console.log(`| ${r.name}: ${r.shape} | ${r.act} | ${fmt(r.ms.nnplay)} | ${fmt(r.flops / 1e6 / r.ms.nnplay)} | ` +
      `${fmt(r.ms.tfjs)} | ${fmt(r.ms.ort)} | ${fmtX(r.overTfjs)} | ${fmtX(r.boundTfjs)} | ` +
      `${fmtX(r.overOrt)} | ${fmtX(r.boundOrt)} | ${Math.max(r.diff.tfjs, r.diff.ort).toExponential(1)} | ` +
      `${Object.keys(t).length ? yesNo(met) : '—'} |`);
  }
}

mkdirSync(BUILD, { recursive: true });
writeFileSync(path('bench.json'), JSON.stringify({
  date: new Date().toISOString(), cpu: os.cpus()[0].model, node: process.versions.node, v8: process.versions.v8,
  results, targets: tgs, learned, kernels: kern, inference: inf, notes,
}, null, 2));
console.log('\nwrote build/bench.json');
if (learned.some((l) => !l.ok)) {
  console.error('bench: a contestant did not lower its loss; its timings measured nothing useful');
  process.exit(1);
}
