// The settings table (web/lib/settings.js): the engine's schema rows under their own names,
// round trips through the URL, hostile input, old camelCase keys, cross-field rules, which
// fields apply (the schema's `when`), and state → engine spec.
import test from 'node:test';
import assert from 'node:assert/strict';
import SCHEMA from '#spec-schema';
import { SETTINGS, defaults, serialize, parse, parseValue, ROW, toSpec, applies, choices, findRow, repair, PACES, paceGoal } from '../../web/lib/settings.js';
import { nonDefaultState } from '../browser/fixtures.js';
import { loadEngine } from './engine-util.js';

test('defaults serialize and parse back with no message', () => {
  const { state, errors } = parse(serialize(defaults()));
  assert.deepEqual(errors, []);
  assert.deepEqual(state, defaults());
});

test('an empty query gives the defaults; a preset replaces them', () => {
  assert.deepEqual(parse(''), { state: defaults(), errors: [] });
  const { state } = parse('lr=0.5', { lr: 0.001, batch: 64 });
  assert.deepEqual([state.lr, state.batch, state.optimizer], [0.5, 64, 'sgd']);
});

test('the engine\'s fields are rows of their own name, kind, range, default and help', () => {
  const inEpochs = { decay_steps: 'decay_epochs', warmup: 'warmup_epochs' };
  for (const f of SCHEMA.filter((s) => !['inputs', 'input_shape', 'layers', 'activations'].includes(s.name))) {
    if (f.name in inEpochs) {
      // counted in epochs on the page, applying when the engine's field does
      const row = ROW[inEpochs[f.name]];
      assert.deepEqual([row.stepsOf, row.when, row.effect], [f.name, f.when, 'live'], f.name);
      assert.equal(ROW[f.name], undefined);
      continue;
    }
    const row = ROW[f.name];
    assert.ok(row?.spec, `no row for ${f.name}`);
    assert.deepEqual([row.kind, row.min, row.max, row.default, row.help], [f.kind, f.min, f.max, f.default, f.help], f.name);
    // a structural field rebuilds the model, any other applies to the live one
    assert.equal(row.effect, f.structural ? 'rebuild' : 'live', f.name);
  }
  assert.equal(defaults().lr, SCHEMA.find((f) => f.name === 'lr').default);
  // the range comes from C: lr's lower bound is open there
  assert.equal(parseValue(ROW.lr, '0').ok, false);
  assert.equal(parseValue(ROW.lr, '100').ok, true);
  assert.equal(parseValue(ROW.lr, '100.5').ok, false);
});

test('every setting round-trips at a non-default value', () => {
  const s = nonDefaultState();
  const { state, errors } = parse(serialize(s));
  assert.deepEqual(errors, []);
  assert.deepEqual(state, s);
  for (const row of SETTINGS) assert.notDeepEqual(state[row.key], row.default, row.key);
});

test('floats keep full precision through the URL', () => {
  const s = { ...defaults(), lr: 0.1 + 0.2, noise: 1 / 3 };
  assert.equal(parse(serialize(s)).state.lr, 0.1 + 0.2);
  assert.equal(parse(serialize(s)).state.noise, 1 / 3);
});

test('keys match ignoring case and underscores: old permalinks and HTML attributes', () => {
  const { state, errors } = parse('lrMin=0.01&weightDecay=0.2&trainPct=30&DATA_SEED=9&maxepochs=5&earlyStop=1');
  assert.deepEqual(errors, []);
  assert.deepEqual([state.lr_min, state.weight_decay, state.train_pct, state.data_seed, state.max_epochs, state.early_stop],
    [0.01, 0.2, 30, 9, 5, true]);
  assert.equal(findRow('decaysteps'), ROW.decay_steps);
  assert.equal(findRow('decay-steps'), undefined);
});

test('bad values fall back to defaults, each with a message naming the key', () => {
  const bad = {
    lr: 'NaN', noise: '2', points: '1e9', batch: '3.5', train_pct: '', dataset: 'mnist',
    hidden: '4,,2', acts: 'tanh,swish', features: 'x1,x1', show_test: 'yes', seed: '-1',
    classes: 'Infinity', momentum: '0x10', batchnorm: '2',
  };
  const { state, errors } = parse(new URLSearchParams(bad).toString());
  for (const key of Object.keys(bad)) {
    assert.deepEqual(state[key], ROW[key].default, key);
    assert.ok(errors.some((e) => e.includes(`(${key})`)), `no message for ${key}: ${errors.join(' | ')}`);
  }
});

test('hostile input: unknown keys, huge values, markup and garbage are reported, not thrown', () => {
  const huge = 'x'.repeat(100000);
  const { state, errors } = parse(`?<script>=1&dataset=${huge}&%E0%A4%A=1&&&=&lr=<img onerror=alert(1)>&reg=l2`);
  assert.equal(state.dataset, 'circle');
  assert.equal(state.lr, 0.03);
  assert.ok(errors.some((e) => e.startsWith('Unknown settings "<script>"')));
  assert.ok(errors.some((e) => /^Unknown settings .*"reg" ignored/.test(e)), 'the old L1/L2 switch is the engine\'s l1 and l2 now');
  assert.ok(errors.every((e) => e.length < 400), 'messages quote a bounded part of the value');
  assert.doesNotThrow(() => parse('%%%&&==&?#'));
});

test('cross-field rules: dataset must match the problem, one activation per hidden layer', () => {
  let r = parse('problem=regression&dataset=xor');
  assert.equal(r.state.dataset, 'plane');
  assert.equal(r.errors.length, 1);
  r = parse('hidden=4,4,4&acts=relu');
  assert.deepEqual(r.state.acts, ['relu', 'relu', 'relu']);
  assert.match(r.errors[0], /3 hidden layers but 1 activations/);
  r = parse('hidden=&acts=');
  assert.deepEqual([r.state.hidden, r.state.acts, r.errors], [[], [], []]);
});

test('limits: seven hidden layers and size 2049 are refused; sizes read as typed', () => {
  assert.equal(parseValue(ROW.hidden, '1,1,1,1,1,1,1').ok, false);
  assert.equal(parseValue(ROW.hidden, '2049').ok, false);
  assert.deepEqual(parseValue(ROW.hidden, '256, 128').value, [256, 128]);
  assert.deepEqual(parseValue(ROW.hidden, '784-256-10').value, [784, 256, 10]);
  assert.match(parseValue(ROW.hidden, '8, x').why, /sizes/);
  assert.equal(parseValue(ROW.features, '').ok, false);
});

test('feature sets keep the canonical order', () => {
  assert.deepEqual(parse('features=sinx2,x1').state.features, ['x1', 'sinx2']);
});

test('which fields apply comes from the schema\'s `when`; in perceptron mode only the rate', () => {
  const s = defaults();
  const off = (st, task = 'binary') => SETTINGS.filter((r) => (r.spec || r.stepsOf) && !applies(st, r, task)).map((r) => r.key);
  // the defaults: sgd, constant schedule, xavier init, tanh, no batch norm
  assert.deepEqual(off(s).sort(), ['beta1', 'beta2', 'bn_momentum', 'decay_epochs', 'eps', 'gamma', 'init_scale',
    'leaky_slope', 'lr_min', 'momentum', 'rho', 'weight_decay']);
  assert.ok(applies({ ...s, optimizer: 'adam' }, ROW.beta1, 'binary'));
  assert.ok(!applies(s, ROW.beta1, 'binary'));
  assert.ok(applies({ ...s, acts: ['relu', 'leaky_relu'] }, ROW.leaky_slope, 'binary'));
  assert.ok(applies({ ...s, batchnorm: 1 }, ROW.bn_momentum, 'binary'));
  assert.ok(applies({ ...s, early_stop: true }, ROW.patience, 'binary'));
  assert.deepEqual(off({ ...s, perceptron: true }).includes('lr'), false);
  assert.equal(off({ ...s, perceptron: true }).length, SETTINGS.filter((r) => r.spec || r.stepsOf).length - 1);
  assert.ok(applies({ ...s, early_stop: true }, ROW.valid_pct, 'binary') && !applies(s, ROW.valid_pct, 'binary'));
  // the loss is the learner's choice for two classes only
  assert.deepEqual(choices(ROW.loss, 'binary'), ['bce', 'mse']);
  assert.ok(applies(s, ROW.loss, 'binary') && !applies(s, ROW.loss, 'multiclass') && !applies(s, ROW.loss, 'regression'));
});

test('toSpec: the spec fields under their own names; layers, output and loss follow the task', () => {
  const s = defaults();
  let spec = toSpec(s, { inputs: 2, task: 'binary', classes: 2 });
  assert.deepEqual([spec.layers, spec.activations, spec.loss, spec.inputs], [[8, 8, 1], ['tanh', 'tanh', 'sigmoid'], 'bce', 2]);
  for (const f of SCHEMA) if (!['inputs', 'input_shape', 'layers', 'activations'].includes(f.name)) assert.ok(f.name in spec, f.name);
  spec = toSpec({ ...s, loss: 'mse' }, { inputs: 3, task: 'multiclass', classes: 4 });
  assert.deepEqual([spec.layers.at(-1), spec.activations.at(-1), spec.loss, spec.inputs], [4, 'softmax', 'softmax_ce', 3]);
  spec = toSpec({ ...s, l2: 0.1 }, { inputs: 2, task: 'regression', classes: 0 });
  assert.deepEqual([spec.activations.at(-1), spec.loss, spec.l1, spec.l2], ['linear', 'mse', 0, 0.1]);
});

test('toSpec counts the schedule in epochs: decay and warm-up become steps, within the engine\'s range', () => {
  const s = { ...defaults(), schedule: 'step', decay_epochs: 30, warmup_epochs: 2 };
  const spec = toSpec(s, { inputs: 2, task: 'binary', classes: 2 }, 25);
  assert.deepEqual([spec.decay_steps, spec.warmup], [750, 50]);
  const big = toSpec({ ...s, decay_epochs: 100000 }, { inputs: 2, task: 'binary', classes: 2 }, 60000);
  assert.equal(big.decay_steps, SCHEMA.find((f) => f.name === 'decay_steps').max);
});

test('a change rebuilds the model for the data, the network and its seed; applies live otherwise', () => {
  const rebuild = SETTINGS.filter((r) => r.effect === 'rebuild').map((r) => r.key).sort();
  assert.deepEqual(rebuild, ['acts', 'batchnorm', 'classes', 'data_seed', 'dataset', 'early_stop', 'features', 'hidden',
    'init', 'init_scale', 'model', 'noise', 'perceptron', 'points', 'problem', 'seed', 'target', 'train_pct', 'valid_pct']);
  assert.deepEqual(SETTINGS.filter((r) => r.effect === 'keep').map((r) => r.key).sort(),
    ['discretize', 'max_epochs', 'pace', 'patience', 'show_test']);
  for (const key of ['lr', 'optimizer', 'batch', 'schedule', 'decay_epochs', 'l2', 'dropout', 'loss']) assert.equal(ROW[key].effect, 'live', key);
});

test('paces: one step or some epochs a frame, or as fast as possible; the watchable one is the default', () => {
  assert.equal(defaults().pace, 'frame');
  assert.deepEqual(PACES.map(paceGoal), [{ steps: 1 }, { epochs: 1 }, { epochs: 4 }, { epochs: 16 }, { epochs: 64 }, null]);
  assert.equal(parse('pace=fast').state.pace, 'fast', 'old links keep their pace');
});

test('keys named like Object.prototype members are unknown settings, not a crash', () => {
  const { state, errors } = parse('__proto__=1&constructor=1&toString=x&hasOwnProperty=2&lr=0.1');
  assert.equal(state.lr, 0.1, 'the other values still parse');
  for (const key of ['constructor', 'toString', 'hasOwnProperty'])
    assert.ok(errors.some((e) => e.includes(key)), `no message for ${key}: ${errors.join(' | ')}`);
  assert.equal(Object.getPrototypeOf(state), Object.prototype, 'the state object is not re-prototyped');
});

test('thousands of bad keys and values make a bounded list of messages, the rest counted', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `k${i}=1`).join('&');
  const values = Array.from({ length: 300 }, () => 'lr=oops').join('&');
  const { state, errors } = parse(`${keys}&${values}&batch=32`);
  assert.equal(state.batch, 32);
  assert.ok(errors.length <= 18, `${errors.length} messages`);
  assert.ok(errors.includes('… and 284 more refused values.'), errors.join(' | '));
  assert.ok(errors.some((e) => e === 'Unknown settings "k0", "k1", "k2", "k3", "k4" and 4995 more ignored.'), errors.join(' | '));
});

test('repair: the engine\'s rules between fields put a refused value back, with a note', async () => {
  const engine = await loadEngine();
  const data = { inputs: 2, task: /** @type {const} */ ('binary'), classes: 2 };
  const check = (s) => engine.specCheck(toSpec(s, data));
  // Each value passes the schema alone; lr_min above lr is the engine's cross-field refusal.
  const { state } = parse('lr_min=5&lr=0.1&schedule=cosine');
  assert.throws(() => check(state), /lr_min: must not exceed lr/);
  const fixed = repair(state, defaults(), check);
  assert.equal(fixed.state.lr_min, 0);
  assert.equal(fixed.state.lr, 0.1, 'the other value stays');
  assert.equal(fixed.notes.length, 1);
  assert.match(fixed.notes[0], /^Cosine floor "5" refused \(lr_min: must not exceed lr .*\); using "0"\.$/);
  assert.doesNotThrow(() => check(fixed.state));
  assert.deepEqual(repair(defaults(), defaults(), check), { state: defaults(), notes: [] });
});
