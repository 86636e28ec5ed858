// The PyTorch export (web/lib/pytorch.js) run in PyTorch (Debian's python3-torch, which
// scripts/setup.sh installs; /usr/bin/python3, whatever python3 comes first on PATH): for
// every problem type and loss (two classes by BCE and by squared error, several classes,
// regression), every optimizer and every schedule, the script exported from the playground's
// initial weights trains in PyTorch with the losses the engine had from those weights, and
// the script exported after training predicts what the engine predicts. Full-batch epochs,
// so the order of the rows plays no part, and no dropout: the comparison is of arithmetic.
// One Python process runs every case (importing torch takes seconds). CNNs likewise, on the
// first MNIST training images, which the script reads from IDX files as it reads MNIST's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEngine } from './engine-util.js';
import { Session } from '../../web/worker/session.js';
import { createToySource } from '../../web/worker/sources/toy.js';
import { defaults, serialize, toSpec } from '../../web/lib/settings.js';
import { mnistCnn } from '../../web/presets/mnist.js';
import { createNetwork } from '../../web/worker/learners/network.js';
import { toPyTorch } from '../../web/lib/pytorch.js';

const PYTHON = '/usr/bin/python3';
const EPOCHS = 12;
// Losses agree to this relative error (float32 on both sides, summed in other orders, over
// EPOCHS steps of an optimizer that divides by running moments), predictions to this absolute
// one (the same weights through the same layers).
const LOSS_TOL = 1e-4;
const PRED_TOL = 1e-5;

const PROBLEMS = {
  'two classes, bce': { dataset: 'circle', loss: 'bce' },
  'two classes, mse': { dataset: 'xor', loss: 'mse' },
  'three classes': { dataset: 'multiclass', classes: 3 },
  regression: { problem: 'regression', dataset: 'plane' },
};
const OPTIMIZERS = { sgd: 0.3, momentum: 0.1, nesterov: 0.1, adagrad: 0.1, rmsprop: 0.01, adam: 0.02, adamw: 0.02 };
const SCHEDULES = ['constant', 'step', 'exp', 'inv_time', 'cosine'];

// Runs each case's scripts: train(EPOCHS) from the initial weights, predict() with the trained ones.
const DRIVER = `
import json, runpy, sys, torch
out = []
for case in json.load(open(sys.argv[1])):
    start = runpy.run_path(case["initial"], run_name="nnplay_export")
    losses = start["train"](case["epochs"], log=lambda *a: None)
    end = runpy.run_path(case["trained"], run_name="nnplay_export")
    pred = end["predict"](torch.tensor(case["points"])).reshape(-1).tolist()
    out.append({"losses": losses, "pred": pred})
print(json.dumps(out))
`;

const engine = await loadEngine();

/** The engine's run of one case: the scripts before and after, its losses and predictions. */
function engineRun(settings, dir, name) {
  const s = new Session(engine);
  s.open(createToySource(engine));
  s.configure(settings, []);
  const points = s.source.points();
  const write = (file) => {
    const path = join(dir, `${name}-${file}.py`);
    writeFileSync(path, toPyTorch(s.exportModel(serialize(settings)), points, settings.batch));
    return path;
  };
  const initial = write('initial');
  const losses = [];
  for (let e = 0; e < EPOCHS; e++) losses.push(s.learner.train(s.source.ds, s.rows('train'), { batch: settings.batch, maxSteps: Infinity }).loss);
  const trained = write('trained');
  const xy = Array.from({ length: 12 }, (_, i) => [Math.sin(i) * 5, Math.cos(1.3 * i) * 5]);
  const pred = Array.from(s.learner.predict(engine.toyFeatures(Float32Array.from(xy.flat()), settings.features)));
  return { initial, trained, epochs: EPOCHS, points: xy, losses, pred };
}

/**
 * Asserts that PyTorch's run `py` of case `c` agrees with the engine's: every epoch's loss within
 * lossTol (relative), every prediction within predTol, and that the engine's loss fell.
 * @returns {{loss: number, lossEpoch: number, pred: number}} the worst differences
 */
function agree(c, py, epochs, lossTol, predTol) {
  let loss = 0, lossEpoch = 0, pred = 0;
  assert.equal(py.losses.length, epochs, c.name);
  c.losses.forEach((want, e) => {
    const err = Math.abs(py.losses[e] - want) / Math.max(1e-3, Math.abs(want));
    if (err > loss) { loss = err; lossEpoch = e; }
    assert.ok(err <= lossTol, `${c.name}: epoch ${e} loss ${py.losses[e]} in PyTorch, ${want} in the engine`);
  });
  assert.ok(c.losses.at(-1) < c.losses[0], `${c.name}: it learns (${c.losses[0]} → ${c.losses.at(-1)})`);
  assert.equal(py.pred.length, c.pred.length, c.name);
  c.pred.forEach((want, j) => {
    pred = Math.max(pred, Math.abs(py.pred[j] - want));
    assert.ok(Math.abs(py.pred[j] - want) <= predTol, `${c.name}: prediction ${j} ${py.pred[j]} in PyTorch, ${want} in the engine`);
  });
  return { loss, lossEpoch, pred };
}

test('the exported script trains in PyTorch as the playground did, and predicts as it does', (t) => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/setup.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'nnp-torch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cases = [];
  let k = 0;
  for (const [problem, patch] of Object.entries(PROBLEMS))
    for (const [optimizer, lr] of Object.entries(OPTIMIZERS))
      for (const schedule of SCHEDULES) {
        // The rest varies from case to case: features, activations, the penalties, clipping, warm-up.
        const settings = {
          ...defaults(), ...patch, optimizer, lr, schedule, points: 160, batch: 4096, hidden: [5, 3],
          acts: [['tanh', 'relu'], ['leaky_relu', 'sigmoid'], ['relu', 'tanh']][k % 3],
          features: k % 2 ? ['x1', 'x2', 'x1x2', 'sinx1'] : ['x1', 'x2'],
          decay_epochs: 3, gamma: 0.7, lr_min: lr / 10, warmup_epochs: k % 4 === 1 ? 2 : 0,
          l1: k % 5 === 2 ? 0.001 : 0, l2: k % 5 === 3 ? 0.01 : 0, clip_norm: k % 6 === 4 ? 0.5 : 0,
          init: k % 2 ? 'he' : 'xavier_uniform', seed: 1 + k,
        };
        cases.push({ name: `${problem}, ${optimizer}, ${schedule}`, ...engineRun(settings, dir, `case${k++}`) });
      }
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(cases));
  const got = JSON.parse(execFileSync(PYTHON, ['-c', DRIVER, file], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  let worstLoss = 0, worstPred = 0, worstCase = '';
  cases.forEach((c, i) => {
    const { loss, lossEpoch, pred } = agree(c, got[i], EPOCHS, LOSS_TOL, PRED_TOL);
    if (loss > worstLoss) { worstLoss = loss; worstCase = `${c.name}, epoch ${lossEpoch}`; }
    worstPred = Math.max(worstPred, pred);
  });
  console.log(`${cases.length} cases: worst loss difference ${worstLoss.toExponential(2)} relative (${worstCase}), ` +
    `worst prediction difference ${worstPred.toExponential(2)}`);
});

test('an exported script runs on its own, as a learner would run it', (t) => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/setup.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'nnp-torch-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // The default problem at its default batch (the export used to crash on its integer labels).
  const { initial } = engineRun({ ...defaults() }, dir, 'default');
  const out = execFileSync(PYTHON, [initial], { encoding: 'utf8' });
  assert.match(out, /^epoch 0: training loss \d+\.\d{4}\n[\s\S]*epoch 90: training loss \d+\.\d{4}\ntensor\(\[\[0\.\d+\],\n\s+\[0\.\d+\]\]\)\n$/);
});

// A CNN's scripts: the same network, from the engine's weights. Conv products are summed in
// other orders than PyTorch's (im2col against its own kernels, which differ from CPU to CPU):
// measured here 1.2e-7 relative on the losses and 1.5e-7 on the probabilities, allowed 1e-5.
const CNN_ROWS = 96, CNN_EPOCHS = 5, CNN_TEST_ROWS = 8;
const CNN_LOSS_TOL = 1e-5;
const CNN_PRED_TOL = 1e-5;
const MNIST = fileURLToPath(new URL('../../datasets/out/mnist.nnds', import.meta.url));

const CNN_DRIVER = `
import json, runpy, sys, torch
out = []
for case in json.load(open(sys.argv[1])):
    start = runpy.run_path(case["initial"], run_name="nnplay_export")
    start["train"].__globals__["MNIST_DIR"] = case["dir"]
    losses = start["train"](case["epochs"], log=lambda *a: None)
    end = runpy.run_path(case["trained"], run_name="nnplay_export")
    pred = end["predict"](torch.tensor(case["x"]).reshape(-1, 784)).reshape(-1).tolist()
    out.append({"losses": losses, "pred": pred})
print(json.dumps(out))
`;

/** An IDX file: its magic (type 8, unsigned bytes, and the number of dimensions), sizes, bytes. */
function idx(dims, bytes) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(0x800 + dims.length, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(bytes)]);
}

test('an exported CNN trains in PyTorch as the engine did on MNIST rows, and predicts as it does', { skip: !existsSync(MNIST) && 'make datasets first' }, (t) => {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/setup.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'nnp-torch-cnn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const mnist = engine.openDataset(new Uint8Array(readFileSync(MNIST)));
  t.after(() => mnist.free());
  // The first rows as the script reads them: IDX files of their bytes and labels.
  const data = join(dir, 'mnist');
  mkdirSync(data);
  const { x, y } = mnist.read('train', 0, CNN_ROWS), probe = mnist.read('test', 0, CNN_TEST_ROWS);
  writeFileSync(join(data, 'train-images-idx3-ubyte'), idx([CNN_ROWS, 28, 28], mnist.bytes('train', 0, CNN_ROWS)));
  writeFileSync(join(data, 'train-labels-idx1-ubyte'), idx([CNN_ROWS], Uint8Array.from(y)));
  writeFileSync(join(data, 't10k-images-idx3-ubyte'), idx([CNN_TEST_ROWS, 28, 28], mnist.bytes('test', 0, CNN_TEST_ROWS)));
  writeFileSync(join(data, 't10k-labels-idx1-ubyte'), idx([CNN_TEST_ROWS], Uint8Array.from(probe.y)));
  const ds = engine.createDataset({ x, y, nTrain: CNN_ROWS, nTest: 0, features: 784, classes: 10 });
  t.after(() => ds.free());
  const image = { inputs: 784, task: /** @type {const} */ ('multiclass'), classes: 10, image: [1, 28, 28] };
  const page = { ...defaults(mnistCnn.settings), batch: 4096, schedule: 'constant' };
  const specs = {
    // the MNIST page's CNN, as its settings make it
    'the page\'s CNN': { spec: toSpec(page, image), settings: serialize(page) },
    // batch norm over channels, average pooling, a strided and padded conv, leaky ReLU, SGD with momentum
    'batch norm, avgpool, stride, padding': {
      spec: { ...toSpec(page, image), layers: ['conv6k3s2p1', 'avgpool2', 'conv8k3', 'pool2', 12, 10],
        activations: ['leaky_relu', 'relu', 'tanh', 'softmax'], batchnorm: 1, optimizer: 'momentum', lr: 0.05 },
      settings: '',
    },
  };
  const cases = Object.entries(specs).map(([name, { spec, settings }], k) => {
    const learner = createNetwork(engine, spec);
    t.after(() => learner.free());
    const write = (file, epoch) => {
      const path = join(dir, `cnn${k}-${file}.py`);
      const m = { ...learner.exportModel(), settings, features: [], epoch, trainRows: CNN_ROWS };
      writeFileSync(path, toPyTorch(m, { image: [1, 28, 28] }, 4096));
      return path;
    };
    const initial = write('initial', 0);
    const losses = [];
    for (let e = 0; e < CNN_EPOCHS; e++) losses.push(learner.train(ds, { split: 'train' }, { batch: 4096, maxSteps: Infinity }).loss);
    const trained = write('trained', CNN_EPOCHS);
    return { name, initial, trained, dir: data, epochs: CNN_EPOCHS, x: Array.from(probe.x), losses, pred: Array.from(learner.predict(probe.x)) };
  });
  const file = join(dir, 'cases.json');
  writeFileSync(file, JSON.stringify(cases));
  const got = JSON.parse(execFileSync(PYTHON, ['-c', CNN_DRIVER, file], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  cases.forEach((c, i) => {
    const { loss, pred } = agree(c, got[i], CNN_EPOCHS, CNN_LOSS_TOL, CNN_PRED_TOL);
    console.log(`${c.name}: losses ${c.losses.map((l) => l.toFixed(4)).join(', ')}; worst loss difference ` +
      `${loss.toExponential(2)} relative, worst probability difference ${pred.toExponential(2)}`);
  });
  // As a learner runs it beside torchvision's MNIST/raw files: the test accuracy, an epoch, again.
  const out = execFileSync(PYTHON, [cases[0].trained], { encoding: 'utf8', cwd: dir });
  assert.match(out, /^test accuracy (0|1)\.\d{4}\nepoch 0: training loss \d+\.\d{4}\ntest accuracy (0|1)\.\d{4}\n$/);
});
