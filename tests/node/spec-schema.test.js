// The spec's table as the page reads it: the generated module '#spec-schema' equals what the
// engine reports, and every row agrees with the engine's own behaviour — each range's bounds
// are accepted by nn_spec_set and what lies just past them refused, each name list is exactly
// what it accepts, and each `when` is what nn_spec_field_applies does. So the table cannot
// drift from C, whichever side changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SCHEMA from '#spec-schema';
import { loadEngine } from './engine-util.js';

const engine = await loadEngine();
const byName = Object.fromEntries(SCHEMA.map((f) => [f.name, f]));

test('the generated module is engine.specSchema(), in C\'s order, with specDefaults() as defaults', () => {
  assert.deepEqual(SCHEMA, engine.specSchema());
  assert.deepEqual(SCHEMA.map((f) => f.name), engine.specFields().map((f) => f.name));
  const defaults = engine.specDefaults();
  for (const f of SCHEMA) assert.deepEqual(f.default, defaults[f.name], f.name);
});

/** Sets one field on a default spec; the refusal's message, or null when accepted. */
function refusal(name, value) {
  try {
    engine.specApplies({ [name]: value });
    return null;
  } catch (err) {
    assert.equal(err.code, 'NN_ERR_ARG', err.message);
    assert.ok(err.message.startsWith(name), `the message names the field: ${err.message}`);
    return err.message;
  }
}

test('numbers: the bounds are accepted, just past them refused', () => {
  const numeric = SCHEMA.filter((f) => ['int', 'float', 'sizes'].includes(f.kind));
  assert.equal(numeric.length, 21);
  for (const f of numeric) {
    const step = f.kind === 'float' ? 1e-6 * Math.max(1, Math.abs(f.max)) : 1;
    // A list of sizes is tried as a list of one.
    const v = (x) => (f.kind === 'sizes' ? [x] : x);
    assert.equal(refusal(f.name, v(f.minOpen ? f.min + step : f.min)), null, `${f.name} at its low end`);
    assert.equal(refusal(f.name, v(f.max)), null, `${f.name} = ${f.max}`);
    assert.ok(refusal(f.name, v(f.minOpen ? f.min : f.min - step)), `${f.name} below ${f.min}`);
    assert.ok(refusal(f.name, v(f.max + step)), `${f.name} above ${f.max}`);
    if (f.kind !== 'float') assert.ok(refusal(f.name, v(f.min + 0.5)), `${f.name}: a fraction`);
  }
});

test('the seed: any whole number in [0, 2^64 - 1]', () => {
  const f = byName.seed;
  assert.equal(f.kind, 'seed');
  assert.equal(BigInt(f.max), 2n ** 64n); // 2^64 - 1, rounded to a double
  assert.equal(refusal('seed', 0), null);
  assert.equal(refusal('seed', String(2n ** 64n - 1n)), null);
  assert.ok(refusal('seed', String(2n ** 64n)));
  assert.ok(refusal('seed', -1));
});

test('names: an enum takes exactly its values, the activations theirs', () => {
  for (const f of SCHEMA.filter((g) => g.kind === 'enum')) {
    assert.ok(f.values.length >= 3, f.name);
    for (const v of f.values) assert.equal(refusal(f.name, v), null, `${f.name} = ${v}`);
    assert.ok(refusal(f.name, 'nope'));
    assert.ok(refusal(f.name, f.values[0].toUpperCase()), 'names are case-sensitive');
  }
  const acts = byName.activations;
  assert.deepEqual(acts.values, ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax']);
  for (const v of acts.values) assert.equal(refusal('activations', [v, v]), null, v); // the default spec has 2 layers
  assert.ok(refusal('activations', ['tanh', 'swish']));
});

test('when: a conditional field matters exactly for the values it names', () => {
  const conditional = SCHEMA.filter((f) => f.when);
  assert.deepEqual(conditional.map((f) => f.name).sort(), ['beta1', 'beta2', 'bn_momentum', 'decay_steps', 'eps',
    'gamma', 'init_scale', 'leaky_slope', 'lr_min', 'momentum', 'rho', 'weight_decay']);
  for (const f of conditional) {
    const on = byName[f.when.field];
    // Every value the deciding field can take: its names, or its whole range.
    const all = on.values ?? Array.from({ length: on.max - on.min + 1 }, (_, i) => String(on.min + i));
    for (const v of f.when.values) assert.ok(all.includes(v), `${f.name}: ${f.when.field} has no value ${v}`);
    for (const v of all) {
      const value = on.kind === 'acts' ? [v, 'sigmoid'] : v; // a hidden layer of that kind
      assert.equal(engine.specApplies({ [on.name]: value }).includes(f.name), f.when.values.includes(v),
        `${f.name} with ${on.name} = ${v}`);
    }
  }
  for (const f of SCHEMA.filter((g) => !g.when)) {
    assert.ok(engine.specApplies({}).includes(f.name), `${f.name} always matters`);
  }
});
