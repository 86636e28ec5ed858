// Data sets in the engine: openDataset describes a built file as its JSON description does,
// createDataset keeps what it was given, and models train, evaluate and predict on a set's rows
// exactly as on the same rows copied out as float arrays — bit for bit, in pieces or in one
// call — while bad rows, ranges and arguments are refused with their names and nothing leaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './engine-util.js';

const engine = await loadEngine();
const built = (file) => fileURLToPath(new URL(`../../datasets/out/${file}`, import.meta.url));
const file = (name) => new Uint8Array(readFileSync(built(`${name}.nnds`)));
const about = (name) => JSON.parse(readFileSync(built(`${name}.json`), 'utf8'));

/** Runs fn on a fresh data set, freed afterwards, and checks nothing stays allocated. */
function withSet(open, fn) {
  const heap = engine.heapUsed();
  const ds = open();
  try {
    return fn(ds);
  } finally {
    ds.free();
    ds.free(); // twice is harmless
    assert.equal(engine.heapUsed(), heap, 'the set and its file are freed');
  }
}

/** Asserts fn throws with a message matching `message` and code `code`. */
function refused(fn, message, code = 'NN_ERR_ARG') {
  assert.throws(fn, (err) => {
    assert.match(err.message, message);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

test('openDataset: the built sets as their JSON descriptions have them', () => {
  for (const name of ['iris', 'ames', 'churn']) {
    const json = about(name);
    withSet(() => engine.openDataset(file(name)), (ds) => {
      assert.equal(ds.name, name);
      assert.equal(ds.task, json.task);
      assert.equal(ds.nTrain, json.train);
      assert.equal(ds.nTest, json.test);
      assert.equal(ds.features, json.features.length);
      assert.deepEqual(ds.featureNames, json.features);
      assert.equal(ds.u8, false);
      if (json.task === 'classify') {
        assert.deepEqual(ds.classNames, json.classes);
        assert.equal(ds.classes, json.classes.length);
        assert.equal(ds.targets, 1);
        assert.deepEqual(ds.targetNames, []);
      } else {
        assert.deepEqual(ds.targetNames, json.targets.map((t) => t.name));
        assert.equal(ds.classes, 0);
        json.targets.forEach((t, i) => {
          const { mean, std } = ds.targetStats(i);
          assert.equal(mean, Math.fround(t.mean));
          assert.equal(std, Math.fround(t.std));
        });
      }
      for (const c of json.columns.filter((col) => col.kind === 'numeric')) {
        const { mean, std } = ds.featureStats(c.feature);
        assert.equal(mean, Math.fround(c.mean), c.name);
        assert.equal(std, Math.fround(c.std), c.name);
      }
      const { x, y } = ds.read('test');
      assert.equal(x.length, json.test * ds.features);
      assert.equal(y.length, json.test);
      if (json.task === 'classify') {
        const counts = json.class_counts.test.map((_, k) => y.filter((v) => v === k).length);
        assert.deepEqual(counts, json.class_counts.test);
      }
    });
  }
});

test('MNIST: bytes() gives the stored pixels, read() the same divided by 255', () => {
  withSet(() => engine.openDataset(file('mnist')), (ds) => {
    assert.equal(ds.u8, true);
    assert.equal(ds.featureStats(0).std, 255);
    const bytes = ds.bytes('test', 0, 2);
    const { x, y } = ds.read('test', 0, 2);
    assert.equal(bytes.length, 2 * 784);
    assert.deepEqual(x, Float32Array.from(bytes, (b) => b / 255));
    assert.equal(y[0], 7); // the first test digit of the IDX files
    assert.ok(bytes.some((b) => b === 255) && bytes.some((b) => b === 0), 'ink and background');
  });
  withSet(() => engine.openDataset(file('iris')), (ds) => {
    refused(() => ds.bytes('train'), /iris stores its features as floats, not bytes/);
  });
});

const TOY = engine.toy('moons', 130, 0.1, 2, 9);

/** The moons as a data set: 100 training rows, 30 test rows. */
const moons = (extra = {}) => engine.createDataset({ x: TOY.x, y: TOY.y, nTrain: 100, nTest: 30, features: 2,
  classes: 2, ...extra });

test('createDataset keeps its arrays and names; the defaults fill what is missing', () => {
  withSet(() => moons({ featureNames: ['x1', 'x2'], classNames: ['lower', 'upper'], name: 'moons' }), (ds) => {
    assert.equal(ds.name, 'moons');
    assert.deepEqual(ds.classNames, ['lower', 'upper']);
    assert.deepEqual(ds.featureNames, ['x1', 'x2']);
    const train = ds.read('train');
    assert.deepEqual(train.x, TOY.x.subarray(0, 200));
    assert.deepEqual(train.y, TOY.y.subarray(0, 100));
    assert.deepEqual(ds.read('test', 10, 5).y, TOY.y.subarray(110, 115));
    assert.deepEqual(ds.labels('test', 10, 5), TOY.y.subarray(110, 115));
    assert.deepEqual(ds.labels('train'), TOY.y.subarray(0, 100));
    assert.deepEqual(ds.featureStats(1), { mean: 0, std: 1 });
  });
  withSet(() => engine.createDataset({ x: [1, 2, 3, 4, 5, 6], y: [0.5, 1, -1, 2, 3, 0], nTrain: 2, nTest: 1,
    features: 2, classes: 0, targets: 2, stats: [0, 1, 0, 1, 10, 2, 20, 4] }), (ds) => {
    assert.equal(ds.task, 'regress');
    assert.equal(ds.name, 'data');
    assert.deepEqual(ds.featureNames, ['x0', 'x1']);
    assert.deepEqual(ds.targetNames, ['y0', 'y1']);
    assert.deepEqual(ds.targetStats(1), { mean: 20, std: 4 });
    assert.deepEqual(ds.read('train', 0, 2, 1).y, Float32Array.of(1, 2));
    assert.deepEqual(ds.labels('test', 0, 1, 1), Float32Array.of(0));
    refused(() => ds.labels('test', 0, 1, 2), /^target: expected 0\.\.1, got 2$/);
  });
});

test('createDataset refuses what a file may not hold, with C\'s message, and wrong shapes by name', () => {
  const heap = engine.heapUsed();
  const base = { x: TOY.x, y: TOY.y, nTrain: 100, nTest: 30, features: 2, classes: 2 };
  const bad = (extra, message, Type = Error) => assert.throws(() => engine.createDataset({ ...base, ...extra }),
    (err) => err instanceof Type && message.test(err.message) && err.code === 'NN_ERR_ARG');
  bad({ classes: 1 }, /^n_classes: expected 2\.\.65536 for a classification set, got 1$/);
  bad({ y: TOY.y.map((v, i) => (i === 7 ? 2 : v)) }, /^label of row 7: expected a class index 0\.\.1, got 2$/);
  bad({ x: TOY.x.map((v, i) => (i === 5 ? NaN : v)) }, /^x of row 2, feature 1: expected a finite number, got nan$/);
  bad({ nTest: 29 }, /^createDataset: x has 260 values, want 258 \(129 rows × 2\)$/);
  bad({ x: 'nope' }, /createDataset: x: expected a Float32Array/, TypeError);
  bad({ nTrain: 2 ** 32 }, /^createDataset: nTrain: must be an integer/);
  bad({ featureNames: ['a'] }, /^createDataset: featureNames must be 2 strings$/, TypeError);
  bad({ featureNames: ['a', 'b\0c'] }, /^createDataset: featureNames\[1\]: contains a NUL character$/);
  bad({ classNames: ['a', ''] }, /^class_names\[1\]: must be a non-empty string$/);
  bad({ name: '' }, /^name: must not be empty$/);
  bad({ stats: [0, 1, 0] }, /^createDataset: stats has 3 values, want 4/);
  bad({ stats: [0, 1, 0, 0] }, /^feature 1 std: expected a finite number > 0, got 0$/);
  assert.equal(engine.heapUsed(), heap, 'nothing left allocated');
});

/** A model and a data set; the model trained the same way twice gives `a`, then `b`. */
const SPEC = { inputs: 2, layers: [8, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', optimizer: 'adam',
  lr: 0.02, dropout: 0.1, seed: 4 };

test('trainRows gives the parameters trainEpoch gives on the same rows copied out', () => {
  withSet(() => moons(), (ds) => {
    const rows = { split: 'train', first: 7, n: 83 };
    const { x, y } = ds.read('train', 7, 83);
    const upload = engine.upload(x, y);
    const a = engine.createModel(SPEC);
    const b = engine.createModel(SPEC);
    try {
      for (let e = 0; e < 5; e++) {
        const la = a.trainEpoch(upload, 10);
        const r = b.trainRows(ds, rows, { batch: 10 });
        assert.deepEqual(r, { loss: la, steps: 9, epochDone: true }, `epoch ${e}`);
      }
      assert.deepEqual(b.params(), a.params());
      const test = ds.read('test');
      const held = engine.upload(test.x, test.y);
      assert.deepEqual(b.evaluateRows(ds, { split: 'test' }), a.evaluate(held));
      assert.deepEqual(b.predictRows(ds, { split: 'test', first: 3, n: 4 }), a.predict(test.x.subarray(6, 14)));
      held.free();
    } finally {
      upload.free();
      a.free();
      b.free();
    }
  });
});

test('trainRows in pieces of maxSteps is the epoch in one call; other rows start a new epoch', () => {
  withSet(() => moons(), (ds) => {
    const a = engine.createModel(SPEC);
    const b = engine.createModel(SPEC);
    try {
      a.trainRows(ds, { split: 'train' }, { batch: 8 });
      a.trainRows(ds, { split: 'train' }, { batch: 8 });
      const pieces = [];
      let epochs = 0;
      while (epochs < 2) {
        const r = b.trainRows(ds, { split: 'train' }, { batch: 8, maxSteps: 5 });
        pieces.push(r.steps);
        epochs += r.epochDone ? 1 : 0;
      }
      assert.deepEqual(pieces, [5, 5, 3, 5, 5, 3], '13 batches an epoch, in calls of 5');
      assert.deepEqual(b.params(), a.params());
      b.trainRows(ds, { split: 'train' }, { batch: 8, maxSteps: 5 });
      const other = b.trainRows(ds, { split: 'train', n: 96 }, { batch: 8 });
      assert.deepEqual([other.steps, other.epochDone], [12, true], 'a new epoch on the other rows');
    } finally {
      a.free();
      b.free();
    }
  });
});

test('rows: bad splits, ranges, targets and shapes are refused by name, the model unchanged', () => {
  withSet(() => moons(), (ds) => {
    const net = engine.createModel(SPEC);
    const before = net.params();
    try {
      refused(() => net.trainRows(ds, { split: 'valid' }, { batch: 8 }), /^trainRows: split must be 'train' or 'test' \(got valid\)$/);
      refused(() => net.trainRows(ds, {}, { batch: 8 }), /split must be/);
      refused(() => net.trainRows(ds, { split: 'train', first: -1 }, { batch: 8 }), /^rows: \[-1, -1\+101\) is outside the train split's 100 rows$/);
      refused(() => net.evaluateRows(ds, { split: 'test', first: 20, n: 20 }), /^rows: \[20, 20\+20\) is outside the test split's 30 rows$/);
      refused(() => net.predictRows(ds, { split: 'test', first: 31 }), /outside the test split's 30 rows/);
      refused(() => net.trainRows(ds, { split: 'train', target: 1 }, { batch: 8 }), /^target: expected 0\.\.0, got 1$/);
      refused(() => net.trainRows(ds, { split: 'train', n: 2 ** 31 }, { batch: 8 }), /^trainRows: n: must be an integer/);
      refused(() => net.trainRows(ds, { split: 'train' }, { batch: -5 }), /^trainRows: batch: must be an integer in \[0/);
      refused(() => net.trainRows(ds, { split: 'train' }, {}), /^trainRows: batch: must be an integer/);
      refused(() => net.trainRows(ds, { split: 'train' }, { batch: 8, maxSteps: 0 }), /^trainRows: maxSteps: must be an integer in \[1/);
      refused(() => net.trainRows(ds, { split: 'train' }, { batch: 8, maxSteps: NaN }), /trainRows: maxSteps/);
      refused(() => net.trainRows(XOR_LIKE, { split: 'train' }, { batch: 8 }), /^trainRows: expected a live DataSet/);
      assert.deepEqual(net.params(), before);
    } finally {
      net.free();
    }
    const wide = engine.createModel({ ...SPEC, inputs: 3 });
    refused(() => wide.evaluateRows(ds, { split: 'test' }), /^rows: data has 2 features, the model 3 inputs$/);
    wide.free();
  });
  const ds = moons();
  ds.free();
  const net = engine.createModel(SPEC);
  refused(() => net.trainRows(ds, { split: 'train' }, { batch: 8 }), /expected a live DataSet/);
  refused(() => ds.read('train'), /^read: expected a live DataSet/);
  net.free();
  refused(() => engine.openDataset(new Uint8Array(10)), /^length: expected at least 40 bytes/, 'NN_ERR_FORMAT');
  refused(() => engine.openDataset(file('iris').subarray(0, 100)), /truncated/, 'NN_ERR_FORMAT');
  assert.throws(() => engine.openDataset([1, 2]), (err) => err instanceof TypeError && err.code === 'NN_ERR_ARG');
});

const XOR_LIKE = { nTrain: 4, features: 2 };

test('a data set from another engine is refused', async () => {
  const other = await loadEngine();
  const ds = other.createDataset({ x: TOY.x, y: TOY.y, nTrain: 130, nTest: 0, features: 2, classes: 2 });
  const net = engine.createModel(SPEC);
  try {
    refused(() => net.trainRows(ds, { split: 'train' }, { batch: 8 }), /^trainRows: the data set belongs to another engine$/);
  } finally {
    net.free();
    ds.free();
  }
});
