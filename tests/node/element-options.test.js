// What an <nn-playground> is told (web/element/options.js): config, then the JSON child, then
// the attributes, the later winning; the element's options apart from the settings; global
// HTML attributes ignored, `hidden` a setting; every bad value a message and its default used;
// a script's patch checked whole before anything changes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readOptions, checkPatch, OPTIONS } from '../../web/element/options.js';
import { PRESETS } from '../../web/presets/index.js';

const PANELS = ['data', 'network', 'output', 'charts', 'settings', 'share', 'pad'];
const read = (from) => readOptions(from, PRESETS, PANELS);

test('config, the JSON child and attributes, in that order; options apart from settings', () => {
  const o = read({
    config: 'dataset=spiral&hidden=8,8&lr=0.1&locked=lr',
    json: '{"lr": 0.03, "acts": ["relu", "relu"], "batchnorm": true, "controls": "output,lr"}',
    attrs: [['id', 'w1'], ['class', 'widget'], ['data-x', '1'], ['aria-label', 'XOR'], ['hidden', '4,2'],
      ['acts', 'tanh,tanh'], ['train_pct', '70'], ['lrmin', '0.001'], ['autoplay', ''], ['height', '480']],
  });
  assert.deepEqual(o.errors, []);
  assert.equal(o.state.dataset, 'spiral');
  assert.deepEqual(o.state.hidden, [4, 2], 'the attribute over the config');
  assert.deepEqual(o.state.acts, ['tanh', 'tanh'], 'the attribute over the JSON');
  assert.equal(o.state.lr, 0.03, 'the JSON over the config');
  assert.equal(o.state.batchnorm, 1);
  assert.equal(o.state.train_pct, 70);
  assert.equal(o.state.lr_min, 0.001, 'lower-cased without underscores, as an HTML attribute may be');
  assert.deepEqual(o.locked, ['lr']);
  assert.deepEqual(o.panels, ['output', 'settings'], 'the settings panel where its first setting is listed');
  assert.deepEqual(o.fields, ['lr']);
  assert.equal(o.autoplay, true);
  assert.equal(o.height, '480px');
  assert.equal(o.preset, 'playground');
});

test('defaults: the preset\'s panels (none listed), its settings, nothing locked', () => {
  const o = read({ attrs: [['preset', 'mnist']] });
  assert.deepEqual(o.errors, []);
  assert.deepEqual([o.panels, o.fields, o.locked, o.autoplay, o.height], [[], null, [], false, '']);
  assert.deepEqual(o.state.hidden, [256, 128], 'MNIST\'s network');
});

test('every bad value or unknown name is a message, and its default is used', () => {
  const o = read({
    json: '{"lr": {"x": 1}}',
    attrs: [['preset', 'cifar'], ['lr', 'fast'], ['controls', 'output, bogus, features'], ['locked', 'lr,speed'],
      ['autoplay', 'maybe'], ['height', '10 parsecs'], ['colour', 'red']],
  });
  const text = o.errors.join('\n');
  for (const m of [/Preset "cifar" is not one of playground, mnist/, /JSON setting "lr" must be/, /Learning rate \(lr\) "fast" must be a number/,
    /Control "bogus" is neither a panel/, /features is set in the network panel/, /Locked "speed" is not a setting/,
    /Autoplay "maybe"/, /Height "10 parsecs"/, /Unknown setting "colour" ignored/]) assert.match(text, m);
  assert.equal(o.preset, 'playground');
  assert.equal(o.state.lr, PRESETS.playground.settings.lr ?? 0.03);
  assert.deepEqual([o.panels, o.locked, o.autoplay, o.height], [['output'], ['lr'], false, '']);
  assert.match(read({ json: '[1, 2]' }).errors[0], /must be an object/);
  assert.match(read({ json: '{"lr": ' }).errors[0], /not JSON/);
});

test('a script\'s patch: checked whole, by the settings\' own keys, or refused with nothing changed', () => {
  assert.deepEqual(checkPatch({ lr: 0.1, hidden: [3, 3], lrMin: '0.001', batchnorm: true }),
    { lr: 0.1, hidden: [3, 3], lr_min: 0.001, batchnorm: 1 });
  assert.throws(() => checkPatch({ lr: 0.1, hidden: [0] }), /hidden must be up to 6 sizes/);
  assert.throws(() => checkPatch({ speed: 1 }), /no setting "speed"/);
  assert.throws(() => checkPatch({ lr: null }), /lr must be a string, a number/);
  assert.throws(() => checkPatch([1]), /an object of settings/);
});

test('the options are named in lower case, as HTML attributes are', () => {
  for (const o of OPTIONS) assert.equal(o.name, o.name.toLowerCase());
});
