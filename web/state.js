// state.js — every setting of a playground as one table row, after TensorFlow Playground's
// state.ts PROPS: one loop serializes the state to a query string, one loop parses it back.
// Parsing trusts nothing: each value is checked against its row, and a bad one falls back to
// the default and leaves a message for the page. Pure: no DOM, no globals, usable in Node.

/** @typedef {{key: string, type: string, default: any, label: string, min?: number,
 *   max?: number, values?: string[], minLen?: number, maxLen?: number, help?: string}} Row */

export const DATASETS_CLASSIFY = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'multiclass'];
export const DATASETS_REGRESS = ['plane', 'multigauss'];
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
export const HIDDEN_ACTS = ['tanh', 'relu', 'sigmoid', 'linear', 'leaky_relu'];
export const MAX_HIDDEN_LAYERS = 6;
export const MAX_NEURONS = 64;

/** @type {Row[]} */
export const SETTINGS = [
  // data
  { key: 'problem', type: 'enum', values: ['classification', 'regression'], default: 'classification', label: 'Problem type' },
  { key: 'dataset', type: 'enum', values: [...DATASETS_CLASSIFY, ...DATASETS_REGRESS], default: 'circle', label: 'Data set' },
  { key: 'classes', type: 'int', min: 3, max: 5, default: 3, label: 'Classes', help: 'for the multiclass set' },
  { key: 'noise', type: 'float', min: 0, max: 1, default: 0, label: 'Noise' },
  { key: 'points', type: 'int', min: 20, max: 2000, default: 500, label: 'Points' },
  { key: 'trainPct', type: 'int', min: 10, max: 90, default: 50, label: 'Training data %' },
  { key: 'dataSeed', type: 'int', min: 0, max: 2147483647, default: 1, label: 'Data seed' },
  { key: 'showTest', type: 'bool', default: false, label: 'Show test data' },
  { key: 'discretize', type: 'bool', default: false, label: 'Discretize output' },
  // features and network
  { key: 'features', type: 'set', values: FEATURES, minLen: 1, maxLen: FEATURES.length, default: ['x1', 'x2'], label: 'Features' },
  { key: 'hidden', type: 'ints', min: 1, max: MAX_NEURONS, minLen: 0, maxLen: MAX_HIDDEN_LAYERS, default: [4, 2], label: 'Hidden layers' },
  { key: 'acts', type: 'enums', values: HIDDEN_ACTS, minLen: 0, maxLen: MAX_HIDDEN_LAYERS, default: ['tanh', 'tanh'], label: 'Activations' },
  { key: 'batchnorm', type: 'bool', default: false, label: 'Batch norm' },
  { key: 'dropout', type: 'float', min: 0, max: 0.9, default: 0, label: 'Dropout' },
  { key: 'init', type: 'enum', values: ['xavier_uniform', 'xavier_normal', 'he', 'uniform', 'normal', 'zeros'], default: 'xavier_uniform', label: 'Initialization' },
  { key: 'initScale', type: 'float', min: 1e-6, max: 10, default: 0.1, label: 'Init scale', help: 'uniform and normal' },
  { key: 'leakySlope', type: 'float', min: 0, max: 1, default: 0.01, label: 'Leaky ReLU slope' },
  { key: 'perceptron', type: 'bool', default: false, label: 'Perceptron mode', help: 'one step unit trained by the perceptron rule' },
  // training
  { key: 'loss', type: 'enum', values: ['bce', 'mse'], default: 'bce', label: 'Loss', help: 'two-class sets only' },
  { key: 'optimizer', type: 'enum', values: ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'], default: 'sgd', label: 'Optimizer' },
  { key: 'lr', type: 'float', min: 1e-6, max: 10, default: 0.03, label: 'Learning rate' },
  { key: 'momentum', type: 'float', min: 0, max: 0.999, default: 0.9, label: 'Momentum' },
  { key: 'weightDecay', type: 'float', min: 0, max: 1, default: 0.01, label: 'Weight decay', help: 'AdamW' },
  { key: 'beta1', type: 'float', min: 0, max: 0.9999, default: 0.9, label: 'Adam β₁' },
  { key: 'beta2', type: 'float', min: 0, max: 0.99999, default: 0.999, label: 'Adam β₂' },
  { key: 'rho', type: 'float', min: 0, max: 0.9999, default: 0.9, label: 'RMSprop ρ' },
  { key: 'clipNorm', type: 'float', min: 0, max: 1000, default: 0, label: 'Clip gradient norm', help: '0 = off' },
  { key: 'batch', type: 'int', min: 1, max: 2000, default: 10, label: 'Batch size' },
  { key: 'reg', type: 'enum', values: ['none', 'l1', 'l2'], default: 'none', label: 'Regularization' },
  { key: 'regRate', type: 'float', min: 0, max: 10, default: 0, label: 'Regularization rate' },
  { key: 'schedule', type: 'enum', values: ['constant', 'step', 'exp', 'inv_time', 'cosine'], default: 'constant', label: 'LR schedule' },
  { key: 'decaySteps', type: 'int', min: 1, max: 1000000, default: 1000, label: 'Decay steps' },
  { key: 'gamma', type: 'float', min: 0, max: 10, default: 0.5, label: 'Decay factor' },
  { key: 'lrMin', type: 'float', min: 0, max: 10, default: 0, label: 'Cosine floor' },
  { key: 'warmup', type: 'int', min: 0, max: 1000000, default: 0, label: 'Warm-up steps' },
  { key: 'seed', type: 'int', min: 0, max: 2147483647, default: 1, label: 'Weight seed' },
  { key: 'pace', type: 'enum', values: ['fast', 'frame'], default: 'fast', label: 'Pace', help: 'fast: every epoch that fits between frames; frame: one epoch per frame, to watch it learn' },
  { key: 'maxEpochs', type: 'int', min: 0, max: 1000000, default: 0, label: 'Stop after epochs', help: '0 = never' },
  { key: 'earlyStop', type: 'bool', default: false, label: 'Early stopping' },
  { key: 'patience', type: 'int', min: 1, max: 10000, default: 50, label: 'Patience (epochs)' },
];

// No prototype: a URL key such as "constructor" or "__proto__" must find no row.
export const ROW = Object.freeze(Object.assign(Object.create(null), Object.fromEntries(SETTINGS.map((r) => [r.key, r]))));

/** @returns {Record<string, any>} a fresh state with every setting at its default */
export function defaults() {
  return Object.fromEntries(SETTINGS.map((r) => [r.key, copy(r.default)]));
}

function copy(v) {
  return Array.isArray(v) ? v.slice() : v;
}

/** The text form of one value, as it appears in the query string. */
function format(row, v) {
  switch (row.type) {
    case 'bool': return v ? '1' : '0';
    case 'int': case 'float': return String(v);
    case 'enum': return v;
    case 'set': case 'ints': case 'enums': return v.join(',');
    default: throw new Error(`state: unknown type '${row.type}' of '${row.key}'`);
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses one value against its row: {ok: true, value} or {ok: false, why}. */
export function parseValue(row, text) {
  const range = () => `between ${row.min} and ${row.max}`;
  const list = () => (text === '' ? [] : text.split(','));
  const count = (n) => n >= row.minLen && n <= row.maxLen;
  switch (row.type) {
    case 'bool':
      if (text === '1' || text === 'true') return { ok: true, value: true };
      if (text === '0' || text === 'false') return { ok: true, value: false };
      return { ok: false, why: 'must be 0 or 1' };
    case 'int': case 'float': {
      const v = NUMBER.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(v) || (row.type === 'int' && !Number.isInteger(v)) || v < row.min || v > row.max)
        return { ok: false, why: `must be ${row.type === 'int' ? 'a whole number' : 'a number'} ${range()}` };
      return { ok: true, value: v };
    }
    case 'enum':
      if (!row.values.includes(text)) return { ok: false, why: `must be one of ${row.values.join(', ')}` };
      return { ok: true, value: text };
    case 'set': {
      const items = list();
      const bad = items.find((s) => !row.values.includes(s));
      if (bad !== undefined || new Set(items).size !== items.length || !count(items.length))
        return { ok: false, why: `must be ${row.minLen} to ${row.maxLen} distinct names from ${row.values.join(', ')}` };
      return { ok: true, value: row.values.filter((s) => items.includes(s)) };
    }
    case 'ints': {
      const items = list().map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
      if (!count(items.length) || items.some((n) => !(n >= row.min && n <= row.max)))
        return { ok: false, why: `must be up to ${row.maxLen} comma-separated sizes ${range()}` };
      return { ok: true, value: items };
    }
    case 'enums': {
      const items = list();
      if (!count(items.length) || items.some((s) => !row.values.includes(s)))
        return { ok: false, why: `must be up to ${row.maxLen} of ${row.values.join(', ')}, comma-separated` };
      return { ok: true, value: items };
    }
    default: throw new Error(`state: unknown type '${row.type}' of '${row.key}'`);
  }
}

/** @returns {string} every setting as a query string (without '?'), in table order */
export function serialize(state) {
  return SETTINGS.map((r) => `${r.key}=${encodeURIComponent(format(r, state[r.key]))}`).join('&');
}

// A hostile URL may carry anything: messages quote at most this much of a value.
const QUOTE = 40;
const quote = (s) => JSON.stringify(s.length > QUOTE ? `${s.slice(0, QUOTE)}…` : s);

/**
 * Parses a query string (with or without '?'). Missing keys take their defaults silently;
 * bad values and unknown keys leave a message each. Cross-field rules are then applied.
 * @returns {{state: Record<string, any>, errors: string[]}}
 */
export function parse(query) {
  const params = new URLSearchParams(query.replace(/^[?#]/, ''));
  const state = defaults();
  const errors = [];
  for (const [key, text] of params) {
    const row = ROW[key];
    if (!row) { errors.push(`Unknown setting ${quote(key)} ignored.`); continue; }
    const r = parseValue(row, text);
    if (r.ok) state[key] = r.value;
    else errors.push(`${row.label} (${key}) ${quote(text)} ${r.why}; using ${quote(format(row, row.default))}.`);
  }
  errors.push(...reconcile(state));
  return { state, errors };
}

/**
 * Cross-field rules no single row can check. Fixes `state` in place and returns what it
 * changed, so the page can say so. Also used after every edit from the controls.
 */
export function reconcile(state) {
  const errors = [];
  const allowed = state.problem === 'regression' ? DATASETS_REGRESS : DATASETS_CLASSIFY;
  if (!allowed.includes(state.dataset)) {
    errors.push(`Data set "${state.dataset}" is not a ${state.problem} set; using "${allowed[0]}".`);
    state.dataset = allowed[0];
  }
  if (state.acts.length !== state.hidden.length) {
    errors.push(`${state.hidden.length} hidden layers but ${state.acts.length} activations; missing ones are tanh, extra ones dropped.`);
    state.acts = state.hidden.map((_, i) => state.acts[i] ?? 'tanh');
  }
  return errors;
}

/** The kind of output the data set needs: 'binary', 'multiclass' or 'regression'. */
export function task(state) {
  if (state.problem === 'regression') return 'regression';
  return state.dataset === 'multiclass' ? 'multiclass' : 'binary';
}

/** Number of classes of the current data set (0 for regression). */
export function classCount(state) {
  const t = task(state);
  return t === 'regression' ? 0 : t === 'multiclass' ? state.classes : 2;
}
