// The presets every page is (web/presets/) and the digit pad's preprocessing (web/lib/
// preprocess.js): each preset's settings are valid settings the engine accepts for its data,
// each names only panels that exist, and a drawing becomes an MNIST-like input.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRESETS, PAGES } from '../../web/presets/index.js';
import { defaults, parse, serialize, toSpec, SETTINGS } from '../../web/lib/settings.js';
import { toMnist, SIDE, BOX } from '../../web/lib/preprocess.js';
import { loadEngine } from './engine-util.js';

const OUT = fileURLToPath(new URL('../../datasets/out/', import.meta.url));
let engine;
before(async () => { engine = await loadEngine(); });

test('every preset\'s settings are settings, and the engine builds its network for its data', () => {
  for (const [id, p] of Object.entries(PRESETS)) {
    for (const key of Object.keys(p.settings)) assert.ok(SETTINGS.some((r) => r.key === key), `${id}: no setting ${key}`);
    const { state, errors } = parse(serialize(defaults(p.settings)), p.settings);
    assert.deepEqual(errors, [], id);
    if (p.source.kind !== 'nnds') continue;
    const desc = JSON.parse(readFileSync(`${OUT}${p.source.name}.json`, 'utf8'));
    const classes = desc.task === 'regress' ? 0 : desc.classes.length;
    const task = classes === 0 ? 'regression' : classes > 2 ? 'multiclass' : 'binary';
    const fitted = { ...state, ...p.fit?.(state, { nTrain: desc.train }) };
    assert.doesNotThrow(() => engine.createModel(toSpec(fitted, { inputs: desc.features.length, task, classes, image: p.source.image })).free(), id);
  }
  // the cosine runs over the preset's epochs: MNIST's 10, of 938 batches each for the engine
  const m = PRESETS.mnist, s = defaults(m.settings);
  assert.deepEqual(m.fit(s, { nTrain: 60000 }), { schedule: 'cosine', decay_epochs: 10, lr_min: 0.00001 });
  const steps = engine.epochSteps({}, 60000, s.batch);
  assert.equal(steps, 938);
  assert.equal(toSpec({ ...s, ...m.fit(s, { nTrain: 60000 }) }, { inputs: 784, task: 'multiclass', classes: 10 }, steps).decay_steps, 9380);
  assert.deepEqual(m.fit({ ...s, max_epochs: 0 }, { nTrain: 60000 }), {}, 'no end, no decay towards it');
  // the CNN: the picker's settings for it are the mnist-cnn preset's; its layers the CLI's
  const c = defaults(PRESETS['mnist-cnn'].settings);
  assert.deepEqual({ ...s, ...m.models.cnn }, c);
  const spec = toSpec(c, { inputs: 784, task: 'multiclass', classes: 10, image: [1, 28, 28] });
  assert.deepEqual([spec.input_shape, spec.layers, spec.activations], [[1, 28, 28],
    ['conv16k5', 'pool2', 'conv32k5', 'pool2', 128, 10], ['relu', 'relu', 'relu', 'softmax']]);
  assert.equal(toSpec(s, { inputs: 784, task: 'multiclass', classes: 10, image: [1, 28, 28] }).input_shape, undefined, 'an MLP takes flat rows');
  assert.throws(() => toSpec(c, { inputs: 784, task: 'multiclass', classes: 10 }), /Model CNN: these data are not images/);
});

test('the pages link to each other: each page preset once, with its own file', () => {
  assert.deepEqual(PAGES.map((p) => p.href), ['index.html', 'mnist.html', 'houses.html', 'churn.html', 'csv.html']);
  assert.equal(new Set(PAGES.map((p) => p.id)).size, PAGES.length);
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
