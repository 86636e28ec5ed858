// The real-data pages' pure modules (web/apps/): the NNDS reader on the built sets and on
// broken bytes, MNIST-style preprocessing of a drawing, the ROC / precision–recall curves
// against the engine's AUC, the settings table, and the worker's trainer (interruptible
// epochs, determinism from the seed, the regression target column).
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNnds } from '../../web/apps/shared/nnds.js';
import { toMnist, SIDE, BOX } from '../../web/apps/mnist/preprocess.js';
import { rocPr, countsAt } from '../../web/apps/shared/curves.js';
import { parseSetting, ROWS } from '../../web/apps/shared/settings.js';
import { confusion, predictedClasses, regressionErrors } from '../../web/apps/shared/results.js';
import { Trainer, specFor } from '../../web/apps/shared/trainer.js';
import { loadEngine } from './engine-util.js';

const OUT = fileURLToPath(new URL('../../datasets/out/', import.meta.url));
const have = existsSync(`${OUT}iris.nnds`);
// One engine for every test.
let engine;
before(async () => { engine = await loadEngine(); }, { timeout: 30000 });
const TIMEOUT = { timeout: 60000 };

const load = (name) => {
  const b = readFileSync(`${OUT}${name}.nnds`);
  return readNnds(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

test('NNDS: the built sets read back with the counts their JSON states', { skip: !have && 'make datasets first' }, () => {
  for (const name of ['iris', 'churn', 'ames']) {
    const d = load(name), json = JSON.parse(readFileSync(`${OUT}${name}.json`, 'utf8'));
    assert.equal(d.nTrain, json.train);
    assert.equal(d.nTest, json.test);
    assert.equal(d.task, json.task);
    assert.deepEqual(d.featureNames, json.features);
    assert.equal(d.x.length, (d.nTrain + d.nTest) * d.features);
  }
  const ames = load('ames');
  assert.deepEqual(ames.labelNames, ['Sale_Price', 'log_Sale_Price']);
  assert.equal(ames.targets, 2);
});

test('NNDS: truncated, foreign and mislabelled bytes are refused naming the field', { skip: !have && 'make datasets first' }, () => {
  const b = readFileSync(`${OUT}iris.nnds`);
  const buf = () => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  assert.throws(() => readNnds(buf().slice(0, 20)), /shorter than the 40-byte header/);
  assert.throws(() => readNnds(buf().slice(0, b.length - 4)), /the header's counts need/);
  const bad = (offset, value, re) => {
    const x = buf();
    new DataView(x).setUint32(offset, value, true);
    assert.throws(() => readNnds(x), re);
  };
  bad(0, 0x53444e4f, /magic is/);
  bad(4, 2, /version 2/);
  bad(8, 7, /task 7/);
  bad(12, 121, /the header's counts need/);
  bad(32, 5, /x type 5/);
});

test('preprocess: a drawing is scaled to a 20-pixel box and its centre of mass put at the centre', () => {
  assert.equal(toMnist(new Float32Array(100), 10, 10), null, 'nothing drawn');
  // a tall bar, off-centre in a 200×200 pad: 20 px high after scaling, centred
  const w = 200, ink = new Float32Array(w * w);
  for (let y = 20; y < 120; y++) for (let x = 150; x < 170; x++) ink[y * w + x] = 1;
  const m = toMnist(ink, w, w);
  let rows = 0, cols = new Set(), mass = 0, mx = 0, my = 0;
  for (let y = 0; y < SIDE; y++) {
    let any = false;
    for (let x = 0; x < SIDE; x++) {
      const v = m[y * SIDE + x];
      if (v > 0) { any = true; cols.add(x); mass += v; mx += v * x; my += v * y; }
    }
    rows += any;
  }
  assert.equal(rows, BOX);
  assert.equal(cols.size, 4, 'aspect ratio kept: 20 × 100 becomes 4 × 20');
  assert.ok(Math.abs(mx / mass - 13.5) <= 0.5 && Math.abs(my / mass - 13.5) <= 0.5, `centre (${mx / mass}, ${my / mass})`);
  // a single dot is enlarged, not lost
  const dot = new Float32Array(w * w);
  dot[50 * w + 50] = 1;
  assert.equal(toMnist(dot, w, w).filter((v) => v > 0).length, BOX * BOX);
  assert.throws(() => toMnist(ink, 10, 10), /40000 values for a 10×10 image/);
});

test('curves: ROC area and counts by hand, ties as one diagonal step, and the engine agrees', TIMEOUT, () => {
  // scores 0.9(1) 0.8(0) 0.7(1) 0.6(0): pairs (pos > neg) = 3 of 4 → AUC 0.75
  const c = rocPr([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]);
  assert.equal(c.auc, 0.75);
  assert.deepEqual(Array.from(c.tpr), [0, 0.5, 0.5, 1, 1]);
  assert.deepEqual(Array.from(c.fpr), [0, 0, 0.5, 0.5, 1]);
  assert.equal(c.ap, (0.5 * 1 + 0.5 * (2 / 3)));
  // all tied: AUC 0.5 exactly
  assert.equal(rocPr([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]).auc, 0.5);
  assert.deepEqual(countsAt([0.9, 0.5, 0.2], [1, 0, 1], 0.5), { tn: 0, fp: 1, fn: 1, tp: 1 });
  assert.throws(() => rocPr([0.1, 0.2], [1, 1]), /needs both classes/);
  const n = 500, score = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) { y[i] = i % 3 === 0 ? 1 : 0; score[i] = Math.round(((i * 7919) % 97) / 9.7 + 4 * y[i]) / 14; }
  const ours = rocPr(score, y).auc, theirs = engine.metricsClassify(score, y, 1).auc;
  assert.ok(Math.abs(ours - theirs) < 1e-6, `ours ${ours}, engine ${theirs}`);
});

test('results: predicted classes (a probability of exactly 0.5 is class 1), confusion, regression errors', () => {
  assert.deepEqual(Array.from(predictedClasses(Float32Array.of(0.5, 0.49), 1)), [1, 0]);
  assert.deepEqual(Array.from(predictedClasses(Float32Array.of(0.1, 0.7, 0.2, 0.6, 0.3, 0.1), 3)), [1, 0]);
  assert.deepEqual(Array.from(confusion([0, 1, 1], [0, 0, 1], 2)), [1, 0, 1, 1]);
  const e = regressionErrors([1, 2, 3], [1, 2, 5]);
  assert.equal(e.mae, 2 / 3);
  assert.equal(e.rmse, Math.sqrt(4 / 3));
  assert.equal(e.r2, 1 - 4 / (((1 - 8 / 3) ** 2) + ((2 - 8 / 3) ** 2) + ((5 - 8 / 3) ** 2)));
});

test('settings: each row parses its text or says why not', () => {
  const row = (k) => ROWS.find((r) => r.key === k);
  assert.deepEqual(parseSetting(row('hidden'), '256, 128').value, [256, 128]);
  assert.deepEqual(parseSetting(row('hidden'), '784-256-10').value, [784, 256, 10]);
  assert.deepEqual(parseSetting(row('hidden'), ' ').value, []);
  assert.match(parseSetting(row('hidden'), '8, x').why, /got 'x'/);
  assert.match(parseSetting(row('hidden'), '1,1,1,1,1,1,1').why, /at most 6/);
  assert.match(parseSetting(row('lr'), '0').why, /from 0.000001 to 10|from 1e-6 to 10/);
  assert.match(parseSetting(row('batch'), '2.5').why, /whole number/);
  assert.match(parseSetting(row('act'), 'gelu').why, /one of relu/);
  assert.equal(parseSetting(row('lr'), '0.01').value, 0.01);
});

test('trainer: an epoch can stop between batches, the seed replays the run, the engine refuses a bad spec', { ...TIMEOUT, skip: !have && 'make datasets first' }, () => {
  const d = load('iris');
  const data = { ...d, xScale: 1, classes: d.labelNames.length };
  const settings = { hidden: [8], act: 'tanh', optimizer: 'adam', lr: 0.02, batch: 16, epochs: 40, cosine: true, dropout: 0, l2: 0, seed: 5, target: 0 };
  assert.equal(specFor(data, settings).loss, 'softmax_ce');
  assert.equal(specFor({ ...data, classes: 2 }, settings).activations.at(-1), 'sigmoid');
  const run = () => {
    const t = new Trainer(engine);
    t.setData(data);
    t.configure(settings);
    t.step();
    assert.equal(t.pos, 16, 'one batch in, mid-epoch');
    assert.equal(t.epoch, 0);
    while (!t.done) t.runFor(5);
    const snap = t.snapshot(false);
    return { last: t.last, history: Array.from(snap.msg.buf.byteLength ? new Float32Array(snap.msg.buf) : []), t };
  };
  const a = run(), b = run();
  assert.deepEqual(a.last, b.last, 'same seed, same run');
  assert.ok(a.last.testMetric >= 0.9, `iris test accuracy ${a.last.testMetric}`);
  assert.equal(a.t.runFor(5).reason, 'done');
  assert.throws(() => a.t.configure({ ...settings, optimizer: 'adamx' }), /optimizer: unknown name 'adamx'/);
  assert.throws(() => a.t.configure({ ...settings, target: 1 }), /target: column 1 does not exist/);
  assert.equal(a.t.last.testMetric, b.last.testMetric, 'a refused setting keeps the old model');
});

test('trainer: a regression learns the chosen target column (Ames, log price)', { ...TIMEOUT, skip: !have && 'make datasets first' }, () => {
  const d = load('ames');
  const t = new Trainer(engine);
  t.setData({ ...d, xScale: 1, classes: 0 });
  t.configure({ hidden: [32], act: 'relu', optimizer: 'adam', lr: 0.001, batch: 32, epochs: 8, cosine: false, dropout: 0, l2: 0.001, seed: 1, target: 1 });
  while (!t.done) t.runFor(50);
  assert.ok(t.last.testMetric > 0.8, `test R² of log price ${t.last.testMetric}`);
  const r = t.computeResults();
  assert.equal(r.testOut.length, d.nTest);
  assert.equal(r.trainOut.length, d.nTrain);
  assert.equal(r.w0.length, 314 * 32);
});
