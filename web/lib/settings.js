// settings.js — every setting of an nnplay as one table row, after TensorFlow Playground's
// state.ts PROPS. The model's rows come from the engine's own spec table (#spec-schema, made
// from the wasm at build time): their kind, range, enum values, default, help and when they
// apply. The page's own rows (data, network shape, pace, stopping) are declared here, once.
// One loop serializes a state to a query string, one loop parses it back, checking each value
// against its row: a bad one falls back to the default and leaves a message. Keys are the
// engine's snake_case names; parsing matches them ignoring case and underscores, so old
// camelCase permalinks and lower-cased HTML attributes find the same rows. Each row says what a
// change to it does to a model that is training (`effect`): rebuild it (the data, the network's
// shape, its seed: for the engine's fields, the schema's `structural`), apply live (the other
// training settings, kept weights and all), or keep it (display and stopping). Pure: no DOM.

import SCHEMA from '#spec-schema';
import { label } from './names.js';

/**
 * @typedef {'bool'|'int'|'float'|'seed'|'enum'|'sizes'|'acts'|'set'} Kind
 * @typedef {{field: string, values: string[]}} When  applies when `field` is (or, for a list,
 *   contains) one of `values`
 * @typedef {'data'|'display'|'network'|'layers'|'training'|'target'} Group  the panel a row is set
 *   in: the toy data's, the output's or the toolbar's, the network editor's, the network's
 *   shape (the editor's, or the settings' where a page has no editor), the training settings',
 *   the target column of a set with several
 * @typedef {'rebuild'|'live'|'keep'} Effect  what a change does to the model training: a new
 *   one from the seed, the same one with new training settings (Model.setTraining), nothing
 * @typedef {{key: string, kind: Kind, group: Group, default: any, help: string,
 *   when: When | null, spec: boolean, effect: Effect, stepsOf?: string, min?: number, max?: number,
 *   minOpen?: boolean, values?: string[], maxLen?: number, minLen?: number}} Row  spec: an engine
 *   spec field of the same name; stepsOf: the spec field of steps this row gives in epochs
 * @typedef {{hidden: number[], acts: string[], features: string[], [key: string]: any}} State
 *   a value for every row's key; the lists typed for the code that edits them
 * @typedef {'binary'|'multiclass'|'regression'} Task
 */

export const DATASETS_CLASSIFY = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'multiclass'];
export const DATASETS_REGRESS = ['plane', 'multigauss', 'curve'];
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
export const MAX_HIDDEN_LAYERS = 6;
/**
 * The convolutional part of the `cnn` model, ahead of the hidden (dense) layers: LeNet-like,
 * the CLI's `--model cnn` (docs/cli.md), one ReLU per conv layer. On MNIST's 1×28×28 it
 * leaves 32×4×4 = 512 values for the first dense layer.
 */
export const CNN_LAYERS = ['conv16k5', 'pool2', 'conv32k5', 'pool2'];
export const CNN_ACT = 'relu';
/** How much training a drawn frame shows, slowest first: one step, epochs, as much as fits. */
export const PACES = ['one_step', 'frame', 'x4', 'x16', 'x64', 'fast'];

/**
 * The training a frame waits for at a pace: one optimizer step, some epochs, or null (no
 * wait: as fast as possible).
 * @param {string} pace @returns {{steps: number} | {epochs: number} | null}
 */
export function paceGoal(pace) {
  if (pace === 'one_step') return { steps: 1 };
  if (pace === 'frame') return { epochs: 1 };
  return pace === 'fast' ? null : { epochs: Number(pace.slice(1)) };
}

// The spec's structural fields: the page builds them from its own rows and the data.
/** @type {Record<string, string | null>} */
const STRUCTURAL = { inputs: null, input_shape: null, layers: 'hidden', activations: 'acts' };
/** @param {string} name */
const schemaRow = (name) => SCHEMA.find((f) => f.name === name);

// The schedule's fields the engine counts in optimizer steps, which the page counts in epochs
// (a learner thinks in passes over the data; steps per epoch follow from the rows and the batch).
const IN_EPOCHS = { decay_steps: 'decay_epochs', warmup: 'warmup_epochs' };

/** @type {Row[]} */
const SPEC_ROWS = SCHEMA.filter((f) => !(f.name in STRUCTURAL) && !(f.name in IN_EPOCHS)).map((f) => ({
  key: f.name, kind: /** @type {Kind} */ (f.kind), min: f.min, max: f.max, minOpen: f.minOpen, values: f.values ?? undefined,
  default: f.default, help: f.help, when: f.when, spec: true, group: /** @type {Group} */ ('training'),
  effect: /** @type {Effect} */ (f.structural ? 'rebuild' : 'live'),
}));

/** @param {Partial<Row> & {key: string, kind: Kind, group: Group, default: any}} r @returns {Row} */
const page = (r) => ({ help: '', when: null, spec: false, effect: 'rebuild', ...r });
/** @param {keyof typeof IN_EPOCHS} field @param {number} min @param {number} def @param {string} help */
const epochs = (field, min, def, help) => page({
  key: IN_EPOCHS[field], group: 'training', kind: 'int', min, max: 100000, default: def, help, when: schemaRow(field).when,
  effect: 'live', stepsOf: field,
});
const HIDDEN_ACTS = schemaRow('activations').values.filter((/** @type {string} */ a) => a !== 'softmax');
const INT_MAX = 2147483647;

/** @type {Row[]} */
export const SETTINGS = [
  // data
  page({ key: 'problem', group: 'data', kind: 'enum', values: ['classification', 'regression'], default: 'classification' }),
  page({ key: 'dataset', group: 'data', kind: 'enum', values: [...DATASETS_CLASSIFY, ...DATASETS_REGRESS], default: 'circle' }),
  page({ key: 'classes', group: 'data', kind: 'int', min: 3, max: 5, default: 3, help: 'for the multiclass set', when: { field: 'dataset', values: ['multiclass'] } }),
  page({ key: 'noise', group: 'data', kind: 'float', min: 0, max: 1, default: 0 }),
  page({ key: 'points', group: 'data', kind: 'int', min: 20, max: 2000, default: 500 }),
  page({ key: 'train_pct', group: 'data', kind: 'int', min: 10, max: 90, default: 50 }),
  page({ key: 'data_seed', group: 'data', kind: 'int', min: 0, max: INT_MAX, default: 1 }),
  page({ key: 'show_test', group: 'display', kind: 'bool', default: false, effect: 'keep' }),
  page({ key: 'discretize', group: 'display', kind: 'bool', default: false, effect: 'keep' }),
  page({ key: 'target', group: 'target', kind: 'int', min: 0, max: 63, default: 0, help: 'the column a regression set learns' }),
  // features and network
  // The first network a learner meets learns every toy set from its default seed (SGD at 0.03,
  // within 300 epochs; tests/browser/learner.test.js): TensorFlow Playground's 4-2 from x₁, x₂
  // stays stuck on XOR from seed 1 and cannot follow the spiral.
  page({ key: 'features', group: 'network', kind: 'set', values: FEATURES, minLen: 1, maxLen: FEATURES.length, default: ['x1', 'x2', 'sinx1', 'sinx2'] }),
  page({ key: 'hidden', group: 'layers', kind: 'sizes', min: 1, max: 2048, minLen: 0, maxLen: MAX_HIDDEN_LAYERS, default: [8, 8], help: 'units per hidden layer, e.g. 256, 128' }),
  page({ key: 'acts', group: 'layers', kind: 'acts', values: HIDDEN_ACTS, minLen: 0, maxLen: MAX_HIDDEN_LAYERS, default: ['tanh', 'tanh'] }),
  // mlp: the hidden layers only; cnn: CNN_LAYERS ahead of them, for a source of images.
  page({ key: 'model', group: 'layers', kind: 'enum', values: ['mlp', 'cnn'], default: 'mlp', help: 'cnn: two 5×5 convolutions (16, 32 channels), each max-pooled 2×2, ahead of the hidden layers; images only' }),
  page({ key: 'perceptron', group: 'network', kind: 'bool', default: false, help: 'one step unit trained by the perceptron rule' }),
  // training: the engine's fields, then the page's
  ...SPEC_ROWS,
  epochs('decay_steps', 1, 100, 'epochs T of the schedule'),
  epochs('warmup', 0, 0, 'linear warm-up over these first epochs'),
  page({ key: 'batch', group: 'training', kind: 'int', min: 1, max: 4096, default: 10, effect: 'live' }),
  page({ key: 'pace', group: 'display', kind: 'enum', values: PACES, default: 'frame', effect: 'keep', help: 'how much training each drawn frame shows (about 30 a second)' }),
  page({ key: 'max_epochs', group: 'training', kind: 'int', min: 0, max: 1000000, default: 0, effect: 'keep', help: '0 = never' }),
  // The validation rows are held out of training from the start, so switching early stopping
  // on, or another share, starts a new model.
  page({ key: 'early_stop', group: 'training', kind: 'bool', default: false, help: 'stop when the validation loss has not improved for `patience` epochs', when: { field: 'perceptron', values: ['0'] } }),
  page({ key: 'valid_pct', group: 'training', kind: 'int', min: 5, max: 50, default: 20, help: 'the last training points, held out for early stopping', when: { field: 'early_stop', values: ['1'] } }),
  page({ key: 'patience', group: 'training', kind: 'int', min: 1, max: 10000, default: 50, effect: 'keep', when: { field: 'early_stop', values: ['1'] } }),
];

// No prototype: a URL key such as "constructor" or "__proto__" must find no row.
/** @type {Record<string, Row>} */
export const ROW = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(SETTINGS.map((r) => [r.key, r]))));
/** Rows by their key lower-cased without underscores: lr_min, lrMin and lrmin meet here. */
const BY_LOOSE_KEY = Object.assign(Object.create(null), Object.fromEntries(SETTINGS.map((r) => [loose(r.key), r])));

/** @param {string} key */
function loose(key) { return key.toLowerCase().replaceAll('_', ''); }

/** @param {string} key @returns {Row | undefined} the row a URL or attribute key names */
export function findRow(key) { return BY_LOOSE_KEY[loose(key)]; }

/** @param {Record<string, any>} [preset] values that replace the defaults @returns {State} */
export function defaults(preset = {}) {
  const state = Object.fromEntries(SETTINGS.map((r) => [r.key, copy(r.key in preset ? preset[r.key] : r.default)]));
  return /** @type {State} */ (state); // every row's key, so the lists too
}

/** @param {any} v  a setting's value */
const copy = (v) => (Array.isArray(v) ? v.slice() : v);

/** The text form of one value, as it appears in the query string. @param {Row} row @param {any} v */
export function format(row, v) {
  switch (row.kind) {
    case 'bool': return v ? '1' : '0';
    case 'sizes': case 'acts': case 'set': return v.join(',');
    default: return String(v);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const SIZES = /^\d+(\s*[,;\- ]\s*\d+)*$/;

/** @param {Row} row */
function range(row) {
  return `${row.minOpen ? 'above' : 'from'} ${row.min} ${row.minOpen ? 'and at most' : 'to'} ${row.max}`;
}

/**
 * Parses one value against its row.
 * @param {Row} row
 * @param {string} text
 * @returns {{ok: boolean, value?: any, why?: string}} why: the refusal when not ok
 */
export function parseValue(row, text) {
  const t = text.trim();
  const list = () => (t === '' ? [] : t.split(',').map((s) => s.trim()));
  /** @param {number} n */
  const count = (n) => n >= row.minLen && n <= row.maxLen;
  switch (row.kind) {
    case 'bool':
      if (t === '1' || t === 'true') return { ok: true, value: true };
      if (t === '0' || t === 'false') return { ok: true, value: false };
      return { ok: false, why: 'must be 0 or 1' };
    case 'seed': {
      const v = /^\d+$/.test(t) ? Number(t) : NaN;
      if (!Number.isSafeInteger(v)) return { ok: false, why: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}` };
      return { ok: true, value: v };
    }
    case 'int': case 'float': {
      const v = NUMBER.test(t) ? Number(t) : NaN;
      const inRange = v >= row.min && v <= row.max && !(row.minOpen && v === row.min);
      if (!Number.isFinite(v) || (row.kind === 'int' && !Number.isInteger(v)) || !inRange)
        return { ok: false, why: `must be ${row.kind === 'int' ? 'a whole number' : 'a number'} ${range(row)}` };
      return { ok: true, value: v + 0 }; // -0 is 0, as it is written back
    }
    case 'enum':
      if (!row.values.includes(t)) return { ok: false, why: `must be one of ${row.values.join(', ')}` };
      return { ok: true, value: t };
    case 'set': {
      const items = list();
      const bad = items.find((s) => !row.values.includes(s));
      if (bad !== undefined || new Set(items).size !== items.length || !count(items.length))
        return { ok: false, why: `must be ${row.minLen} to ${row.maxLen} distinct names from ${row.values.join(', ')}` };
      return { ok: true, value: row.values.filter((s) => items.includes(s)) };
    }
    case 'sizes': {
      const items = t === '' ? [] : SIZES.test(t) ? t.split(/\s*[,;\- ]\s*/).map(Number) : [NaN];
      if (!count(items.length) || items.some((n) => !(n >= row.min && n <= row.max)))
        return { ok: false, why: `must be up to ${row.maxLen} sizes, each a whole number ${range(row)}, comma-separated` };
      return { ok: true, value: items };
    }
    case 'acts': {
      const items = list();
      if (!count(items.length) || items.some((s) => !row.values.includes(s)))
        return { ok: false, why: `must be up to ${row.maxLen} of ${row.values.join(', ')}, comma-separated` };
      return { ok: true, value: items };
    }
    default: throw new Error(`settings: unknown kind '${row.kind}' of '${row.key}'`);
  }
}

/** @param {State} state @returns {string} every setting as a query string (no '?'), in table order */
export function serialize(state) {
  return SETTINGS.map((r) => `${r.key}=${encodeURIComponent(format(r, state[r.key]))}`).join('&');
}

// A hostile URL may carry anything: messages quote at most this much of a value; at most so
// many refused values get a message of their own, and so many unknown keys are named.
const QUOTE = 40;
const MAX_REFUSED = 16;
const MAX_UNKNOWN = 5;
/** @param {string} s */
const quote = (s) => JSON.stringify(s.length > QUOTE ? `${s.slice(0, QUOTE)}…` : s);

/**
 * Reads settings from key/value pairs (a query string's, an element's attributes) over a
 * starting state. Missing keys keep their value; a bad value and an unknown key leave a
 * message each. Cross-field rules are then applied.
 * @param {Iterable<[string, string]>} pairs
 * @param {Record<string, any>} start  the preset's settings (defaults elsewhere)
 * @returns {{state: State, errors: string[]}}
 */
export function parsePairs(pairs, start) {
  const state = defaults(start);
  const errors = [], unknown = [];
  for (const [key, text] of pairs) {
    const row = findRow(key);
    if (!row) { unknown.push(key); continue; }
    const r = parseValue(row, text);
    if (r.ok) state[row.key] = r.value;
    else errors.push(`${label(row.key)} (${key}) ${quote(text)} ${r.why}; using ${quote(format(row, state[row.key]))}.`);
  }
  // A hostile address may hold thousands of keys: a few are named, the rest counted.
  if (errors.length > MAX_REFUSED) errors.splice(MAX_REFUSED, Infinity, `… and ${errors.length - MAX_REFUSED} more refused values.`);
  const named = unknown.slice(0, MAX_UNKNOWN).map(quote).join(', ');
  if (unknown.length) errors.push(`Unknown setting${unknown.length > 1 ? 's' : ''} ${named}` +
    `${unknown.length > MAX_UNKNOWN ? ` and ${unknown.length - MAX_UNKNOWN} more` : ''} ignored.`);
  errors.push(...reconcile(state));
  return { state, errors };
}

/**
 * The settings with each spec field that the engine refuses in combination with the others
 * (lr_min above lr, ...) put back to its `fallback` value, and a note for each. The schema
 * checks the values one by one; the rules between them are the engine's, asked through
 * `check` (the worker's engine.specCheck of the state's spec), so they are not written twice.
 * @param {State} state @param {State} fallback
 * @param {(s: State) => void} check  throws the engine's message for a state it refuses
 * @returns {{state: State, notes: string[]}}
 */
export function repair(state, fallback, check) {
  const refusal = (/** @type {State} */ s) => { try { check(s); return null; } catch (e) { return /** @type {Error} */ (e); } };
  const notes = [];
  let s = state, err = refusal(s);
  while (err) {
    const cur = s;
    const culprit = SPEC_ROWS.find((r) => format(r, cur[r.key]) !== format(r, fallback[r.key]) &&
      !refusal({ ...cur, [r.key]: fallback[r.key] }));
    if (!culprit) break; // no one setting is to blame: configure refuses and says why
    notes.push(`${label(culprit.key)} ${quote(format(culprit, cur[culprit.key]))} refused (${err.message}); ` +
      `using ${quote(format(culprit, fallback[culprit.key]))}.`);
    s = { ...cur, [culprit.key]: fallback[culprit.key] };
    err = refusal(s);
  }
  return { state: s, notes };
}

/**
 * @param {string} query with or without '?'
 * @param {Record<string, any>} [start] the preset's settings (defaults elsewhere)
 */
export function parse(query, start = {}) {
  return parsePairs(new URLSearchParams(query.replace(/^[?#]/, '')), start);
}

/**
 * Cross-field rules no single row can check. Fixes `state` in place and returns what it
 * changed, so the page can say so. Also used after every edit from the controls.
 * @param {State} state
 */
export function reconcile(state) {
  const errors = [];
  const allowed = state.problem === 'regression' ? DATASETS_REGRESS : DATASETS_CLASSIFY;
  if (!allowed.includes(state.dataset)) {
    errors.push(`Data set "${state.dataset}" is not a ${state.problem} set; using "${allowed[0]}".`);
    state.dataset = allowed[0];
  }
  if (state.acts.length !== state.hidden.length) {
    errors.push(`${state.hidden.length} hidden layers but ${state.acts.length} activations; missing ones copy the last, extra ones are dropped.`);
    state.acts = fitActs(state.acts, state.hidden.length);
  }
  return errors;
}

/** @param {string[]} acts @param {number} n @returns {string[]} n activations: acts cut, or extended with its last (tanh when empty) */
export function fitActs(acts, n) {
  return Array.from({ length: n }, (_, i) => acts[i] ?? acts.at(-1) ?? 'tanh');
}

/** The output layer a task needs, and the losses that go with it (the first is the default). */
/** @param {Task} t @param {number} classes */
export function outputHead(t, classes) {
  if (t === 'binary') return { units: 1, activation: 'sigmoid', losses: ['bce', 'mse'] };
  if (t === 'multiclass') return { units: classes, activation: 'softmax', losses: ['softmax_ce'] };
  return { units: 1, activation: 'linear', losses: ['mse'] };
}

/** The kind of output the playground's toy set needs. @param {Record<string, any>} state @returns {Task} */
export function toyTask(state) {
  if (state.problem === 'regression') return 'regression';
  return state.dataset === 'multiclass' ? 'multiclass' : 'binary';
}

/** Classes of a toy set (0 for regression). @param {Record<string, any>} state */
export function toyClasses(state) {
  const t = toyTask(state);
  return t === 'regression' ? 0 : t === 'multiclass' ? state.classes : 2;
}

/**
 * The engine spec of a state for data of `inputs` features and this task: the spec rows'
 * values under their own names, the layers from the page's rows (the `cnn` model's
 * CNN_LAYERS first) and the output head, the schedule's epochs as steps (`epochSteps`
 * optimizer steps an epoch, engine.epochSteps). Throws for a CNN on data that are not images.
 * @param {State} state
 * @param {{inputs: number, task: Task, classes: number, image?: number[]}} data  image: the
 *   C×H×W of a row whose features are an image
 * @param {number} [epochSteps]
 */
export function toSpec(state, { inputs, task, classes, image }, epochSteps = 1) {
  const head = outputHead(task, classes);
  /** @type {Record<string, any>} */
  const spec = Object.fromEntries(SPEC_ROWS.map((r) => [r.key, state[r.key]]));
  for (const [field, key] of Object.entries(IN_EPOCHS))
    spec[field] = Math.min(schemaRow(field).max, state[key] * epochSteps);
  spec.inputs = inputs;
  const cnn = state.model === 'cnn' ? CNN_LAYERS : [];
  if (cnn.length && !image) throw new Error('Model CNN: these data are not images; use the MLP.');
  if (cnn.length) spec.input_shape = image;
  spec.layers = [...cnn, ...state.hidden, head.units];
  spec.activations = [...cnn.filter((t) => t.startsWith('conv')).map(() => CNN_ACT), ...state.acts, head.activation];
  spec.loss = head.losses.includes(state.loss) ? state.loss : head.losses[0];
  return spec;
}

/**
 * The values a control may offer for an enum row: the loss is limited to the task's.
 * @param {Row} row @param {Task} task
 */
export function choices(row, task) {
  return row.key === 'loss' ? outputHead(task, 2).losses : row.values;
}

/**
 * Whether a setting matters for the current choices, from the row's `when`. In perceptron
 * mode the network's fields do not, except the learning rate the perceptron rule uses; a
 * choice of one value is no choice.
 * @param {State} state @param {Row} row @param {Task} task
 */
export function applies(state, row, task) {
  if ((row.spec || row.stepsOf) && state.perceptron && row.key !== 'lr') return false;
  if (row.kind === 'enum' && choices(row, task).length < 2) return false;
  const w = row.when;
  if (!w) return true;
  const v = state[STRUCTURAL[w.field] ?? w.field];
  return (Array.isArray(v) ? v : [v]).some((x) => w.values.includes(String(x === true ? 1 : x === false ? 0 : x)));
}
