// settings.js — the training settings of a real-data page as one table (after web/state.js):
// each row says how its text is parsed and what is allowed, so the form and its checks come
// from one place. Pure: Node tests use it. The engine checks the spec again in C.

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leaky_relu'];
export const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad'];
export const MAX_LAYERS = 6;
export const MAX_UNITS = 2048;

/** @type {{key: string, label: string, type: 'layers'|'enum'|'int'|'float'|'bool', min?: number, max?: number, values?: string[], help?: string}[]} */
export const ROWS = [
  { key: 'hidden', label: 'Hidden layers', type: 'layers', help: 'units per hidden layer, e.g. 256, 128; empty: no hidden layer' },
  { key: 'act', label: 'Activation', type: 'enum', values: ACTIVATIONS },
  { key: 'optimizer', label: 'Optimizer', type: 'enum', values: OPTIMIZERS },
  { key: 'lr', label: 'Learning rate', type: 'float', min: 1e-6, max: 10 },
  { key: 'batch', label: 'Batch size', type: 'int', min: 1, max: 4096 },
  { key: 'epochs', label: 'Epochs', type: 'int', min: 1, max: 1000 },
  { key: 'cosine', label: 'Cosine decay', type: 'bool', help: 'learning rate falls to 1/100 over the epochs' },
  { key: 'dropout', label: 'Dropout', type: 'float', min: 0, max: 0.9 },
  { key: 'l2', label: 'L2', type: 'float', min: 0, max: 1 },
  { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 2147483647 },
];

/**
 * The value a row's text means, or why it is refused.
 * @returns {{ok: true, value: any} | {ok: false, why: string}}
 */
export function parseSetting(row, text) {
  if (row.type === 'bool') return { ok: true, value: Boolean(text) };
  const t = String(text).trim();
  if (row.type === 'enum') {
    return row.values.includes(t) ? { ok: true, value: t } : { ok: false, why: `must be one of ${row.values.join(', ')} (got '${t}')` };
  }
  if (row.type === 'layers') {
    if (t === '') return { ok: true, value: [] };
    const parts = t.split(/[\s,;-]+/).filter(Boolean);
    if (parts.length > MAX_LAYERS) return { ok: false, why: `at most ${MAX_LAYERS} hidden layers (got ${parts.length})` };
    const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > MAX_UNITS);
    if (bad !== undefined) return { ok: false, why: `each layer is a whole number of units from 1 to ${MAX_UNITS} (got '${bad}')` };
    return { ok: true, value: parts.map(Number) };
  }
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) return { ok: false, why: `must be a number (got '${t}')` };
  if (row.type === 'int' && !Number.isInteger(v)) return { ok: false, why: `must be a whole number (got ${t})` };
  if (v < row.min || v > row.max) return { ok: false, why: `must be from ${row.min} to ${row.max} (got ${t})` };
  return { ok: true, value: v };
}

/** The network as the learner reads it: 784 → 256 → 128 → 10. */
export function describeNet(inputs, hidden, outputs) {
  return [inputs, ...hidden, outputs].join(' → ');
}
