// URL state (web/state.js): round trips, hostile input, cross-field rules.
import test from 'node:test';
import assert from 'node:assert/strict';
import { SETTINGS, defaults, serialize, parse, parseValue, ROW } from '../../web/state.js';
import { toSpec } from '../../web/lib/spec.js';
import { nonDefaultState } from '../browser/fixtures.js';

test('defaults serialize and parse back with no message', () => {
  const { state, errors } = parse(serialize(defaults()));
  assert.deepEqual(errors, []);
  assert.deepEqual(state, defaults());
});

test('an empty query gives the defaults', () => {
  assert.deepEqual(parse(''), { state: defaults(), errors: [] });
});

test('every setting round-trips at a non-default value', () => {
  const s = nonDefaultState();
  const q = serialize(s);
  const { state, errors } = parse(q);
  assert.deepEqual(errors, []);
  assert.deepEqual(state, s);
  for (const row of SETTINGS) assert.notDeepEqual(state[row.key], row.default, row.key);
});

test('floats keep full precision through the URL', () => {
  const s = { ...defaults(), lr: 0.1 + 0.2, noise: 1 / 3 };
  assert.equal(parse(serialize(s)).state.lr, 0.1 + 0.2);
  assert.equal(parse(serialize(s)).state.noise, 1 / 3);
});

test('bad values fall back to defaults, each with a message naming the key', () => {
  const bad = {
    lr: 'NaN', noise: '2', points: '1e9', batch: '3.5', trainPct: '', dataset: 'mnist',
    hidden: '4,,2', acts: 'tanh,swish', features: 'x1,x1', showTest: 'yes', seed: '-1',
    classes: 'Infinity', momentum: '0x10',
  };
  const q = new URLSearchParams(bad).toString();
  const { state, errors } = parse(q);
  for (const key of Object.keys(bad)) {
    assert.deepEqual(state[key], ROW[key].default, key);
    assert.ok(errors.some((e) => e.includes(`(${key})`)), `no message for ${key}: ${errors.join(' | ')}`);
  }
});

test('hostile input: unknown keys, huge values, markup and garbage are reported, not thrown', () => {
  const huge = 'x'.repeat(100000);
  const { state, errors } = parse(`?<script>=1&dataset=${huge}&%E0%A4%A=1&&&=&lr=<img onerror=alert(1)>`);
  assert.equal(state.dataset, 'circle');
  assert.equal(state.lr, 0.03);
  assert.ok(errors.some((e) => e.startsWith('Unknown setting "<script>"')));
  assert.ok(errors.every((e) => e.length < 400), 'messages quote a bounded part of the value');
  assert.doesNotThrow(() => parse('%%%&&==&?#'));
});

test('cross-field rules: dataset must match the problem, one activation per hidden layer', () => {
  let r = parse('problem=regression&dataset=xor');
  assert.equal(r.state.dataset, 'plane');
  assert.equal(r.errors.length, 1);
  r = parse('hidden=4,4,4&acts=relu');
  assert.deepEqual(r.state.acts, ['relu', 'tanh', 'tanh']);
  assert.match(r.errors[0], /3 hidden layers but 1 activations/);
  r = parse('hidden=&acts=');
  assert.deepEqual([r.state.hidden, r.state.acts, r.errors], [[], [], []]);
});

test('limits come from the table: seven hidden layers and size 65 are refused', () => {
  assert.equal(parseValue(ROW.hidden, '1,1,1,1,1,1,1').ok, false);
  assert.equal(parseValue(ROW.hidden, '65').ok, false);
  assert.equal(parseValue(ROW.hidden, '64,1,1,1,1,1').ok, true);
  assert.equal(parseValue(ROW.features, '').ok, false);
});

test('feature sets keep the canonical order', () => {
  assert.deepEqual(parse('features=sinx2,x1').state.features, ['x1', 'sinx2']);
});

test('toSpec: output layer and loss follow the task', () => {
  const s = defaults();
  let spec = toSpec(s);
  assert.deepEqual(spec.layers, [4, 2, 1]);
  assert.deepEqual(spec.activations, ['tanh', 'tanh', 'sigmoid']);
  assert.equal(spec.loss, 'bce');
  assert.equal(spec.inputs, 2);
  spec = toSpec({ ...s, dataset: 'multiclass', classes: 4, features: ['x1', 'x2', 'x1x2'] });
  assert.deepEqual([spec.layers.at(-1), spec.activations.at(-1), spec.loss, spec.inputs], [4, 'softmax', 'softmax_ce', 3]);
  spec = toSpec({ ...s, problem: 'regression', dataset: 'plane', reg: 'l2', regRate: 0.1 });
  assert.deepEqual([spec.activations.at(-1), spec.loss, spec.l1, spec.l2], ['linear', 'mse', 0, 0.1]);
});

test('keys named like Object.prototype members are unknown settings, not a crash', () => {
  const { state, errors } = parse('__proto__=1&constructor=1&toString=x&hasOwnProperty=2&lr=0.1');
  assert.equal(state.lr, 0.1, 'the other values still parse');
  for (const key of ['constructor', 'toString', 'hasOwnProperty'])
    assert.ok(errors.some((e) => e.includes(key)), `no message for ${key}: ${errors.join(' | ')}`);
  assert.equal(Object.getPrototypeOf(state), Object.prototype, 'the state object is not re-prototyped');
});
