/**
 * engine.js — the JavaScript API over nnplay.wasm (the C core of csrc/, compiled by mk/wasm.mk).
 * An ES module that runs unchanged in Node, a page and a Web Worker; documented in docs/engine.md.
 *
 * Three rules keep it honest:
 * - every C status goes through one check(rc), which throws Error(nn_last_error) — the C
 *   message, unchanged, so a bad spec is refused with the same words everywhere; every error
 *   thrown here carries an nn_status name as `code`, the wrapper's own checks included;
 * - no heap view outlives a call into wasm: memory may grow on any allocation, which detaches
 *   the old buffer, so views are built on demand by f32()/i32()/u8() and copied out at once;
 * - every temporary block is malloc'd through Runtime.scoped and freed in its finally.
 * It validates only what C cannot see: typed-array lengths against the model's shapes, and
 * numbers and strings that a wasm call would silently wrap or cut (a batch of 1e20, a NUL).
 */
import { instantiate } from './wasm-loader.js';

/** The exports of csrc/wasm_api.c, bound once below as `c.<name without nnw_>`. */
export const EXPORTS = Object.freeze([
  'nnw_malloc', 'nnw_free', 'nnw_heap_used',
  'nnw_ctx_create', 'nnw_last_error',
  'nnw_spec_create', 'nnw_spec_free', 'nnw_spec_set', 'nnw_spec_validate', 'nnw_spec_format',
  'nnw_spec_field_count', 'nnw_spec_field_name', 'nnw_spec_field_help', 'nnw_spec_field_info',
  'nnw_spec_field_value', 'nnw_spec_field_applies', 'nnw_sched_lr', 'nnw_epoch_steps',
  'nnw_model_create', 'nnw_model_free', 'nnw_model_spec', 'nnw_model_target_width',
  'nnw_model_steps', 'nnw_model_lr', 'nnw_model_set_training', 'nnw_layer_info',
  'nnw_train_step', 'nnw_train_epoch', 'nnw_predict', 'nnw_activations', 'nnw_activation_std', 'nnw_evaluate',
  'nnw_dataset_open', 'nnw_dataset_create', 'nnw_dataset_free', 'nnw_dataset_info', 'nnw_dataset_name',
  'nnw_dataset_feature_name', 'nnw_dataset_class_name', 'nnw_dataset_target_name',
  'nnw_dataset_feature_stats', 'nnw_dataset_target_stats', 'nnw_dataset_read', 'nnw_dataset_read_u8',
  'nnw_train_rows', 'nnw_evaluate_rows', 'nnw_predict_rows',
  'nnw_params_count', 'nnw_params_read', 'nnw_params_write', 'nnw_grads_read',
  'nnw_state_count', 'nnw_state_read', 'nnw_state_write',
  'nnw_grad_norms', 'nnw_grad_stds', 'nnw_gradcheck', 'nnw_gradcheck_numeric',
  'nnw_trace', 'nnw_trace_rows', 'nnw_break_gradient', 'nnw_broken_gradient',
  'nnw_track_best', 'nnw_restore_best', 'nnw_best_epoch',
  'nnw_save_size', 'nnw_save', 'nnw_load',
  'nnw_toy', 'nnw_toy_features',
  'nnw_metrics_classify', 'nnw_metrics_curve', 'nnw_metrics_mistakes', 'nnw_metrics_regress',
  'nnw_perceptron_train', 'nnw_perceptron_predict', 'nnw_act_eval',
]);

/** nn_status in nn.h order; a thrown Error carries the name as `code`. */
const STATUS = ['NN_OK', 'NN_ERR_ARG', 'NN_ERR_NOMEM', 'NN_ERR_FORMAT', 'NN_ERR_DIVERGED'];

/** Spec fields whose text is a comma-separated list (nn.h: "layers", "activations"). */
const LIST_FIELDS = new Set(['layers', 'activations']);
/** Spec fields whose text is a shape, "1x28x28" ([1, 28, 28]; "" is []). */
const SHAPE_FIELDS = new Set(['input_shape']);

/** nn_field_kind in nn.h order. @type {readonly SpecField['kind'][]} */
const FIELD_KINDS = ['int', 'float', 'seed', 'sizes', 'acts', 'enum', 'shape'];

/** nn_trace in nn.h order. */
const TRACE = ['z', 'a', 'delta'];

/** nn_layer_kind in nn.h order. */
const LAYER_KINDS = ['dense', 'conv', 'maxpool', 'avgpool'];

/**
 * @typedef {object} SpecField  one row of engine.specSchema()
 * @property {string} name
 * @property {'int'|'float'|'seed'|'sizes'|'acts'|'enum'|'shape'} kind  sizes: the layers list
 *   (dense units, conv<C>k<K>[s<S>][p<P>], pool<K>[s<S>], avgpool<K>[s<S>]); shape: C×H×W
 * @property {number | null} min  numbers: the accepted range (sizes: of each entry)
 * @property {number | null} max
 * @property {boolean} minOpen  min itself is refused
 * @property {string[] | null} values  the names an enum or the activations take
 * @property {any} default
 * @property {string} help
 * @property {{field: string, values: string[]} | null} when  matters only when `field` has
 *   one of `values` (for activations: any layer's)
 * @property {boolean} structural  fixed when a model is built (its layout or initial weights
 *   follow from it): Model.setTraining refuses to change it
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The range of a C int, the type of every count and index the exports take. */
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * An Error (or TypeError) carrying an nn_status name as `code`, like those check() throws.
 * @param {string} message
 * @param {string} [code]
 * @param {ErrorConstructor} [Type]
 */
function fail(message, code = 'NN_ERR_ARG', Type = Error) {
  const err = new Type(message);
  /** @type {any} */ (err).code = code;
  return err;
}

/**
 * v as a C int in [min, max]: wasm would wrap 1e20 or 2^40 and turn NaN into 0 without a word.
 * @param {string} what  the argument, for the message
 * @param {unknown} v
 * @param {number} [min]
 * @param {number} [max]
 * @returns {number}
 */
function int(what, v, min = INT_MIN, max = INT_MAX) {
  if (!(Number.isInteger(v) && /** @type {number} */ (v) >= min && /** @type {number} */ (v) <= max))
    throw fail(`${what}: must be an integer in [${min}, ${max}] (got ${String(v)})`);
  return /** @type {number} */ (v);
}

/**
 * v as a C float or double: a number (C judges NaN and the range); wasm would turn '0.5' into 0.5
 * and an object into NaN.
 * @param {string} what
 * @param {unknown} v
 * @returns {number}
 */
function num(what, v) {
  if (typeof v !== 'number') throw fail(`${what}: must be a number (got ${typeof v})`, 'NN_ERR_ARG', TypeError);
  return v;
}

/**
 * @param {WebAssembly.Exports} exports
 * @returns {Record<string, Function>}
 */
function bind(exports) {
  const missing = EXPORTS.filter((name) => typeof exports[name] !== 'function');
  if (missing.length) throw fail(`nnplay.wasm lacks exports: ${missing.join(', ')}`, 'NN_ERR_FORMAT');
  // Every listed export was just checked to be a function.
  return Object.fromEntries(EXPORTS.map((name) => [name.slice('nnw_'.length), /** @type {Function} */ (exports[name])]));
}

/**
 * A spec value as the text nn_spec_set parses: lists comma-joined, shapes x-joined, booleans 0/1.
 * @param {string} key
 * @param {unknown} value
 */
function specText(key, value) {
  if (Array.isArray(value)) return value.map(String).join(SHAPE_FIELDS.has(key) ? 'x' : ',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * The shortest decimal that is the same float32, so C's "0.0299999993" comes back as 0.03.
 * @param {number} v
 */
function shortestFloat32(v) {
  const f = Math.fround(v);
  for (let digits = 1; digits < 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === f) return d;
  }
  return v;
}

/**
 * One value of nn_spec_format's text back to JSON: names stay strings, numbers become the
 * float32 they denote; an integer beyond 2^53 (a seed) stays a string, a Number would round it.
 * @param {string} text
 * @returns {number | string}
 */
function specValue(text) {
  const num = Number(text);
  if (text.trim() === '' || Number.isNaN(num)) return text;
  if (Number.isInteger(num)) return Number.isSafeInteger(num) ? num : text;
  return shortestFloat32(num);
}

/**
 * @param {string} text  "key=value\n" lines from nn_spec_format
 * @returns {Record<string, number | string | Array<number | string>>}
 */
function parseSpec(text) {
  /** @type {Record<string, any>} */
  const spec = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (SHAPE_FIELDS.has(key)) spec[key] = value ? value.split('x').map(Number) : [];
    else spec[key] = LIST_FIELDS.has(key) ? value.split(',').map(specValue) : specValue(value);
  }
  return spec;
}

/**
 * @param {string} what  the caller, for the message
 * @param {unknown} arr
 * @returns {ArrayLike<number>}
 */
function floats(what, arr) {
  if (!(arr instanceof Float32Array || Array.isArray(arr) || arr instanceof Float64Array)) {
    throw fail(`${what}: expected a Float32Array, got ${Object.prototype.toString.call(arr)}`, 'NN_ERR_ARG',
      TypeError);
  }
  return /** @type {ArrayLike<number>} */ (arr);
}

/** @param {string} what @param {unknown} v  a count C takes as int: whole and >= 1 */
function count(what, v) {
  return int(what, v, 1);
}

/**
 * The number of rows in x, checked against its row width.
 * @param {string} what
 * @param {ArrayLike<number>} x
 * @param {number} width
 */
function rowsOf(what, x, width) {
  count(`${what}: row width`, width);
  if (x.length % width !== 0) {
    throw fail(`${what}: has ${x.length} values, not a multiple of the row width ${width}`);
  }
  return x.length / width;
}

/** The wasm instance, its one nn_ctx, and the memory discipline shared by Engine and Model. */
class Runtime {
  /** @param {WebAssembly.Instance} instance */
  constructor(instance) {
    this.c = bind(instance.exports);
    /** @type {WebAssembly.Memory} */
    this.memory = /** @type {any} */ (instance.exports.memory);
    /** @type {number} */
    this.ctx = this.c.ctx_create();
    if (!this.ctx) throw fail('nnplay: out of wasm memory creating the context', 'NN_ERR_NOMEM');
    /** @type {string[]} spec field names in C's table order */
    this.fieldOrder = Array.from({ length: this.c.spec_field_count() }, (_, i) => this.string(this.c.spec_field_name(i)));
  }

  /**
   * Runs fn with a fresh nn_spec, C's defaults overwritten by `spec`'s fields, freed afterwards.
   * Fields are set in C's table order ("layers" before "activations"); unknown keys go last, to
   * C, which names them in its refusal. Undefined values keep the default.
   * @template T
   * @param {Record<string, any>} spec  keys are nn_spec_set names
   * @param {(spec: number) => T} fn
   * @returns {T}
   */
  withSpec(spec, fn) {
    const order = this.fieldOrder;
    const rank = (/** @type {string} */ key) => (order.includes(key) ? order.indexOf(key) : order.length);
    const entries = Object.entries(spec)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => rank(a) - rank(b));
    const s = this.c.spec_create();
    if (!s) throw fail('nnplay: out of wasm memory creating a spec', 'NN_ERR_NOMEM');
    try {
      for (const [key, value] of entries) {
        this.scoped((a) => this.check(this.c.spec_set(this.ctx, s, a.string(key, 'spec: a field name'),
          a.string(specText(key, value), key))));
      }
      return fn(s);
    } finally {
      this.c.spec_free(s);
    }
  }

  /** Fresh views: valid until the next call into wasm. @param {number} ptr @param {number} n */
  f32(ptr, n) { return new Float32Array(this.memory.buffer, ptr, n); }
  /** @param {number} ptr @param {number} n */
  i32(ptr, n) { return new Int32Array(this.memory.buffer, ptr, n); }
  /** @param {number} ptr @param {number} n */
  u8(ptr, n) { return new Uint8Array(this.memory.buffer, ptr, n); }

  /** @param {number} ptr  a NUL-terminated UTF-8 string in wasm memory */
  string(ptr) {
    const bytes = new Uint8Array(this.memory.buffer, ptr);
    return decoder.decode(bytes.subarray(0, bytes.indexOf(0)));
  }

  /**
   * Throws the context's last error, with the status name as `code`, unless rc is NN_OK.
   * @param {number} rc  an nn_status
   */
  check(rc) {
    if (rc === 0) return;
    throw fail(this.string(this.c.last_error(this.ctx)) || `nnplay: ${STATUS[rc] ?? rc}`, STATUS[rc] ?? String(rc));
  }

  /** @param {number} bytes */
  malloc(bytes) {
    // wasm32's size_t would wrap a larger request into a small block the C side then overruns.
    if (!(Number.isSafeInteger(bytes) && bytes >= 0 && bytes <= 0x7fffffff))
      throw fail(`nnplay: out of wasm memory (asked for ${bytes} bytes)`, 'NN_ERR_NOMEM');
    const ptr = this.c.malloc(Math.max(bytes, 1));
    if (!ptr) throw fail(`nnplay: out of wasm memory (asked for ${bytes} bytes)`, 'NN_ERR_NOMEM');
    return ptr;
  }

  /**
   * Runs fn with an allocator; every block it handed out is freed when fn returns or throws.
   * @template T
   * @param {(a: Allocator) => T} fn
   * @returns {T}
   */
  scoped(fn) {
    /** @type {number[]} */
    const blocks = [];
    const bytes = (/** @type {number} */ n) => {
      const ptr = this.malloc(n);
      blocks.push(ptr);
      return ptr;
    };
    /** @type {Allocator} */
    const a = {
      bytes,
      f32: (n) => bytes(4 * n),
      i32: (n) => bytes(4 * n),
      floats: (arr) => {
        const ptr = bytes(4 * arr.length);
        this.f32(ptr, arr.length).set(arr);
        return ptr;
      },
      string: (s, what) => {
        // C reads up to the first NUL: "adam\0junk" would pass for "adam".
        if (s.includes('\0')) throw fail(`${what}: contains a NUL character`);
        const utf8 = encoder.encode(s);
        const ptr = bytes(utf8.length + 1);
        const view = this.u8(ptr, utf8.length + 1);
        view.set(utf8);
        view[utf8.length] = 0;
        return ptr;
      },
      strings: (list, what) => {
        const ptrs = list.map((s, i) => a.string(s, `${what}[${i}]`));
        const ptr = bytes(4 * ptrs.length);
        this.i32(ptr, ptrs.length).set(ptrs);
        return ptr;
      },
    };
    try {
      return fn(a);
    } finally {
      for (const ptr of blocks) this.c.free(ptr);
    }
  }

  /** @param {number} spec  an nn_spec pointer */
  formatSpec(spec) {
    const len = this.c.spec_format(spec, 0, 0);
    return this.scoped((a) => {
      const buf = a.bytes(len + 1);
      this.c.spec_format(spec, buf, len + 1);
      return this.string(buf);
    });
  }
}

/**
 * @typedef {object} Allocator
 * @property {(n: number) => number} bytes
 * @property {(n: number) => number} f32   room for n floats
 * @property {(n: number) => number} i32   room for n ints
 * @property {(arr: ArrayLike<number>) => number} floats  a float32 copy of arr
 * @property {(s: string, what: string) => number} string  a NUL-terminated UTF-8 copy of s;
 *   `what` names it in the refusal of a NUL inside
 * @property {(list: string[], what: string) => number} strings  an array of pointers to copies
 */

/** Private handle of an Upload's or a DataSet's wasm blocks, reachable only from this module. */
const BLOCKS = Symbol('blocks');

/** Arrays copied once into wasm memory by engine.upload, for trainEpoch and evaluate. */
export class Upload {
  /**
   * @param {Runtime} rt
   * @param {ArrayLike<number>} x
   * @param {ArrayLike<number>} y
   * @param {number} n
   */
  constructor(rt, x, y, n) {
    /** Samples. */
    this.n = n;
    /** Values per sample in x and in y. */
    this.xWidth = x.length / n;
    this.yWidth = y.length / n;
    // One block, x then y: one free, nothing half-allocated.
    const px = rt.malloc(4 * (x.length + y.length));
    const py = px + 4 * x.length;
    rt.f32(px, x.length).set(x);
    rt.f32(py, y.length).set(y);
    this[BLOCKS] = { rt, px, py };
  }

  /** Returns the memory to wasm; the upload is unusable afterwards. Safe to call twice. */
  free() {
    const b = this[BLOCKS];
    if (!b) return;
    b.rt.c.free(b.px);
    this[BLOCKS] = null;
  }
}

/** nn_split's names, in nn.h order. */
const SPLITS = ['train', 'test'];

/**
 * A DataSet's wasm blocks, or a clear error once it is freed or when it belongs to another engine.
 * @param {string} what  the caller, for the message
 * @param {unknown} ds
 * @param {Runtime} [rt]  the engine it must belong to
 * @returns {{rt: Runtime, ptr: number, buf: number}}
 */
function liveSet(what, ds, rt) {
  const b = ds instanceof DataSet ? ds[BLOCKS] : undefined;
  if (!b) throw fail(`${what}: expected a live DataSet from engine.openDataset or createDataset`);
  if (rt && b.rt !== rt) throw fail(`${what}: the data set belongs to another engine`);
  return b;
}

/**
 * @typedef {object} Rows  rows of a DataSet: [first, first + n) of a split, and y's column
 * @property {'train' | 'test'} split
 * @property {number} [first]  0 by default
 * @property {number} [n]  all the rest by default
 * @property {number} [target]  0 by default; the column a regression learns
 */

/**
 * A row range as C takes it, [split, first, n, target]; C checks it against the set.
 * @param {string} what
 * @param {DataSet} ds
 * @param {Rows} rows
 * @returns {[number, number, number, number]}
 */
function rowRange(what, ds, rows) {
  const split = SPLITS.indexOf(/** @type {any} */ (rows)?.split);
  if (split < 0) throw fail(`${what}: split must be 'train' or 'test' (got ${String(rows?.split)})`);
  const first = int(`${what}: first`, rows.first ?? 0);
  const n = int(`${what}: n`, rows.n ?? (split ? ds.nTest : ds.nTrain) - first);
  return [split, first, n, int(`${what}: target`, rows.target ?? 0)];
}

/**
 * A data set in wasm memory (an nn_dataset): an NNDS file from engine.openDataset, whose bytes
 * stay bytes, or float arrays from engine.createDataset. Models train, evaluate and predict on
 * its rows (net.trainRows ...) without any copy of it in JavaScript. free() when done.
 */
export class DataSet {
  /**
   * @param {Runtime} rt
   * @param {number} ptr  an nn_dataset this object now owns
   * @param {number} buf  the file bytes it views (openDataset), also owned; 0 for a created set
   */
  constructor(rt, ptr, buf) {
    this[BLOCKS] = { rt, ptr, buf };
    const c = rt.c;
    const [task, nTrain, nTest, features, classes, targets, u8] = rt.scoped((a) => {
      const info = a.i32(7);
      c.dataset_info(ptr, info);
      return [...rt.i32(info, 7)];
    });
    const names = (/** @type {string} */ fn, /** @type {number} */ n) => Object.freeze(Array.from({ length: n }, (_, i) => rt.string(c[fn](ptr, i))));
    /** @type {string} */
    this.name = rt.string(c.dataset_name(ptr));
    /** @type {'classify' | 'regress'} */
    this.task = task === 0 ? 'classify' : 'regress';
    this.nTrain = nTrain;
    this.nTest = nTest;
    this.features = features;
    /** >= 2 for classification, 0 for regression. */
    this.classes = classes;
    /** Values per row of y: 1 for classification. */
    this.targets = targets;
    /** Features stored as bytes (MNIST's pixels), read as byte/255; bytes() gives them as stored. */
    this.u8 = u8 !== 0;
    this.featureNames = names('dataset_feature_name', features);
    this.classNames = names('dataset_class_name', classes);
    this.targetNames = names('dataset_target_name', task === 0 ? 0 : targets);
  }

  /**
   * @param {string} what  the JS name, for messages
   * @param {'feature_stats' | 'target_stats'} fn
   * @param {number} i
   */
  #stats(what, fn, i) {
    const { rt, ptr } = liveSet(what, this);
    return rt.scoped((a) => {
      const out = a.f32(2);
      rt.check(rt.c[`dataset_${fn}`](ptr, int(`${what}: i`, i), out));
      const [mean, std] = rt.f32(out, 2);
      return { mean, std };
    });
  }

  /** Training statistics of feature i: raw value = stored * std + mean. @param {number} i */
  featureStats(i) { return this.#stats('featureStats', 'feature_stats', i); }

  /** Training statistics of regression target i. @param {number} i */
  targetStats(i) { return this.#stats('targetStats', 'target_stats', i); }

  /**
   * Rows as floats, as models see them.
   * @param {'train' | 'test'} split
   * @param {number} [first]
   * @param {number} [n]  all the rest by default
   * @param {number} [target]  the column of y
   * @returns {{x: Float32Array, y: Float32Array}} x (n, features), y (n)
   */
  read(split, first, n, target) {
    const { rt, ptr } = liveSet('read', this);
    const r = rowRange('read', this, { split, first, n, target });
    const rows = Math.max(r[2], 0);
    return rt.scoped((a) => {
      const x = a.f32(rows * this.features);
      const y = a.f32(rows);
      rt.check(rt.c.dataset_read(ptr, ...r, x, y));
      return { x: rt.f32(x, rows * this.features).slice(), y: rt.f32(y, rows).slice() };
    });
  }

  /**
   * The y of rows without their features (for metrics on predictRows' output).
   * @param {'train' | 'test'} split
   * @param {number} [first]
   * @param {number} [n]
   * @param {number} [target]
   * @returns {Float32Array} (n) class indices, or target column `target`
   */
  labels(split, first, n, target) {
    const { rt, ptr } = liveSet('labels', this);
    const r = rowRange('labels', this, { split, first, n, target });
    const rows = Math.max(r[2], 0);
    return rt.scoped((a) => {
      const y = a.f32(rows);
      rt.check(rt.c.dataset_read(ptr, ...r, 0, y));
      return rt.f32(y, rows).slice();
    });
  }

  /**
   * The stored bytes of rows of a set whose features are bytes (u8), e.g. MNIST's pixels.
   * @param {'train' | 'test'} split
   * @param {number} [first]
   * @param {number} [n]
   * @returns {Uint8Array} (n, features)
   */
  bytes(split, first, n) {
    const { rt, ptr } = liveSet('bytes', this);
    const [sp, f, count] = rowRange('bytes', this, { split, first, n });
    const size = Math.max(count, 0) * this.features;
    return rt.scoped((a) => {
      const x = a.bytes(size);
      rt.check(rt.c.dataset_read_u8(ptr, sp, f, count, x));
      return rt.u8(x, size).slice();
    });
  }

  /** Returns the memory to wasm; the set is unusable afterwards. Safe to call twice. */
  free() {
    const b = this[BLOCKS];
    if (!b) return;
    b.rt.c.dataset_free(b.ptr);
    if (b.buf) b.rt.c.free(b.buf);
    this[BLOCKS] = null;
  }
}

/** A model in wasm memory. Create with engine.createModel or engine.loadModel; free() when done. */
/** A model's spec as C normalized it, lists frozen. @param {Runtime} rt @param {number} ptr */
function readSpec(rt, ptr) {
  const spec = parseSpec(rt.formatSpec(rt.c.model_spec(ptr)));
  for (const value of Object.values(spec)) if (Array.isArray(value)) Object.freeze(value);
  return spec;
}

export class Model {
  #rt;
  #ptr;

  /**
   * @param {Runtime} rt
   * @param {number} ptr  an nn_model pointer this object now owns
   */
  constructor(rt, ptr) {
    this.#rt = rt;
    this.#ptr = ptr;
    try {
      this.#describe();
    } catch (e) {
      this.free(); // owned from the first line: a failure here must not leak it
      throw e;
    }
  }

  /** Reads the model's constant facts once: spec, shapes, layer offsets. */
  #describe() {
    const rt = this.#rt;
    const ptr = this.#ptr;
    const c = rt.c;
    /** The spec as C normalized it: every field, lists as arrays. */
    this.spec = Object.freeze(readSpec(rt, ptr));
    /** @type {number} */
    this.inputs = /** @type {number} */ (this.spec.inputs);
    /** (C, H, W) of a sample for image layers, [] for a flat vector. @type {number[]} */
    this.inputShape = /** @type {any} */ (this.spec.input_shape);
    /** Values per sample in y: 1 (a class index) for softmax_ce, else outputs. */
    this.targetWidth = c.model_target_width(ptr);
    /** Length of params(), grads() and setParams' argument. */
    this.paramCount = c.params_count(ptr);
    /** Length of state() and setState's argument: batch norm's running statistics, 0 without. */
    this.stateCount = c.state_count(ptr);
    /**
     * Per layer (nn_layer_info): kind 'dense' | 'conv' | 'maxpool' | 'avgpool'; in and out, the
     * values a sample has going in and out; inShape and outShape, (C, H, W), a flat vector of n
     * being [n, 1, 1] (a dense layer after an image layer has that image as inShape: it reads
     * it flattened, as PyTorch's nn.Flatten() gives it); kernel, stride, pad (conv and pooling;
     * 0 for dense); the offsets in params() of W (dense: (out, in); conv: (outShape[0],
     * inShape[0], kernel, kernel), as PyTorch's Conv2d), b, batch norm's gamma and beta, and in
     * state() of its running mean and var (one per unit or channel); -1 for what the layer
     * lacks (pooling has no parameters, a layer with batch norm no bias).
     */
    this.layers = Object.freeze(/** @type {any[]} */ (this.spec.layers).map((_, l) => rt.scoped((a) => {
      const info = a.i32(18);
      rt.check(c.layer_info(ptr, l, info));
      const [inSize, out, w, b, gamma, beta, kind, ic, ih, iw, oc, oh, ow, kernel, stride, pad, mean, variance] =
        rt.i32(info, 18);
      return Object.freeze({ kind: LAYER_KINDS[kind], in: inSize, out, w, b, gamma, beta, mean, var: variance,
        inShape: Object.freeze([ic, ih, iw]), outShape: Object.freeze([oc, oh, ow]), kernel, stride, pad });
    })));
    /** @type {number} */
    this.outputs = this.layers[this.layers.length - 1].out;
    const stats = this.layers.reduce((n, l) => n + (l.mean >= 0 ? 2 * l.outShape[0] : 0), 0);
    if (stats !== this.stateCount) {
      throw fail(`nnplay: the layers' batch norm implies ${stats} state values, the model has ${this.stateCount}`,
        'NN_ERR_FORMAT');
    }
  }

  /** The pointer, or a clear error once freed. */
  #live() {
    if (!this.#ptr) throw fail('model: used after free()');
    return this.#ptr;
  }

  /** @param {string} what  @param {ArrayLike<number>} x  @param {ArrayLike<number>} y */
  #batch(what, x, y) {
    const n = rowsOf(`${what}: x`, floats(`${what}: x`, x), this.inputs);
    if (floats(`${what}: y`, y).length !== n * this.targetWidth) {
      throw fail(`${what}: y has ${y.length} values, want ${n * this.targetWidth} ` +
        `(${n} samples × target width ${this.targetWidth})`);
    }
    return n;
  }

  /** @param {string} what  @param {Upload} data */
  #blocks(what, data) {
    const b = data instanceof Upload ? data[BLOCKS] : undefined;
    if (!b) throw fail(`${what}: data must be a live Upload from engine.upload`);
    if (b.rt !== this.#rt) throw fail(`${what}: data was uploaded to another engine`);
    if (data.xWidth !== this.inputs || data.yWidth !== this.targetWidth) {
      throw fail(`${what}: data has ${data.xWidth} inputs and ${data.yWidth} targets per sample, ` +
        `the model wants ${this.inputs} and ${this.targetWidth}`);
    }
    return b;
  }

  /**
   * One forward, backward and update on a mini-batch, copied in for this call.
   * @param {Float32Array} x  (n, inputs)
   * @param {Float32Array} y  (n, targetWidth)
   * @returns {number} the batch loss before the update
   */
  trainStep(x, y) {
    const ptr = this.#live();
    const n = this.#batch('trainStep', x, y);
    const rt = this.#rt;
    return rt.scoped((a) => {
      const loss = a.f32(1);
      rt.check(rt.c.train_step(ptr, a.floats(x), a.floats(y), n, loss));
      return rt.f32(loss, 1)[0];
    });
  }

  /**
   * One shuffled pass over uploaded data in mini-batches.
   * @param {Upload} data
   * @param {number} [batch]  samples per step; 0 or >= n: full batch
   * @returns {number} mean batch loss
   */
  trainEpoch(data, batch = 0) {
    const ptr = this.#live();
    const b = this.#blocks('trainEpoch', data);
    const rt = this.#rt;
    return rt.scoped((a) => {
      const loss = a.f32(1);
      rt.check(rt.c.train_epoch(ptr, b.px, b.py, data.n, int('trainEpoch: batch', batch, 0), loss));
      return rt.f32(loss, 1)[0];
    });
  }

  /**
   * @param {Float32Array} x  (n, inputs)
   * @returns {Float32Array} (n, outputs), after the output activation, inference mode
   */
  predict(x) {
    const ptr = this.#live();
    const n = rowsOf('predict: x', floats('predict: x', x), this.inputs);
    const rt = this.#rt;
    return rt.scoped((a) => {
      const out = a.f32(n * this.outputs);
      rt.check(rt.c.predict(ptr, a.floats(x), n, out));
      return rt.f32(out, n * this.outputs).slice();
    });
  }

  /**
   * The outputs of one layer, inference mode: a dense layer's units after batch norm and
   * activation, a conv or pooling layer's feature maps, (n, C, H, W) with (C, H, W) =
   * layers[layer].outShape.
   * @param {Float32Array} x  (n, inputs)
   * @param {number} layer  layer index
   * @returns {Float32Array} (n, layers[layer].out)
   */
  activations(x, layer) {
    const ptr = this.#live();
    const n = rowsOf('activations: x', floats('activations: x', x), this.inputs);
    int('activations: layer', layer, 0, this.layers.length - 1);
    const width = this.layers[layer].out;
    const rt = this.#rt;
    return rt.scoped((a) => {
      const out = a.f32(n * width);
      rt.check(rt.c.activations(ptr, a.floats(x), n, layer, out));
      return rt.f32(out, n * width).slice();
    });
  }

  /**
   * Per layer, the standard deviation of its outputs over all its values and the samples, in
   * inference mode (nn_model_activation_std): a signal growing or fading through the layers.
   * @param {Float32Array} x  (n, inputs)
   * @returns {Float32Array} one per layer
   */
  activationStd(x) {
    const ptr = this.#live();
    const n = rowsOf('activationStd: x', floats('activationStd: x', x), this.inputs);
    const rt = this.#rt;
    const L = this.layers.length;
    return rt.scoped((a) => {
      const out = a.f32(L);
      rt.check(rt.c.activation_std(ptr, a.floats(x), n, out, L));
      return rt.f32(out, L).slice();
    });
  }

  /**
   * @param {Upload} data
   * @returns {{loss: number, accuracy: number, r2: number}} NaN where a metric does not apply
   */
  evaluate(data) {
    const ptr = this.#live();
    const b = this.#blocks('evaluate', data);
    const rt = this.#rt;
    return rt.scoped((a) => {
      const out = a.f32(3);
      rt.check(rt.c.evaluate(ptr, b.px, b.py, data.n, out));
      const [loss, accuracy, r2] = rt.f32(out, 3);
      return { loss, accuracy, r2 };
    });
  }

  /**
   * Mini-batch steps on a data set's rows, gathered in C from the stored rows (bytes scaled by
   * 1/255 as they are gathered), shuffled by the model's RNG. The epoch under way carries over
   * to the next call on the same rows and batch, so progress can be shown within an epoch.
   * @param {DataSet} ds
   * @param {Rows} rows
   * @param {{batch: number, maxSteps?: number}} opts  batch 0: full batch
   * @returns {{loss: number, steps: number, epochDone: boolean}} loss: mean of this call's batch losses
   */
  trainRows(ds, rows, { batch, maxSteps = Infinity } = /** @type {any} */ ({})) {
    const ptr = this.#live();
    const rt = this.#rt;
    const set = liveSet('trainRows', ds, rt);
    const range = rowRange('trainRows', ds, rows);
    const b = int('trainRows: batch', batch, 0);
    const most = maxSteps === Infinity ? INT_MAX : int('trainRows: maxSteps', maxSteps, 1);
    const before = rt.c.model_steps(ptr);
    return rt.scoped((a) => {
      const out = a.f32(2);
      rt.check(rt.c.train_rows(ptr, set.ptr, ...range, b, most, out));
      const [loss, done] = rt.f32(out, 2);
      return { loss, steps: rt.c.model_steps(ptr) - before, epochDone: done !== 0 };
    });
  }

  /**
   * @param {DataSet} ds
   * @param {Rows} rows
   * @returns {{loss: number, accuracy: number, r2: number}} NaN where a metric does not apply
   */
  evaluateRows(ds, rows) {
    const ptr = this.#live();
    const rt = this.#rt;
    const set = liveSet('evaluateRows', ds, rt);
    const range = rowRange('evaluateRows', ds, rows);
    return rt.scoped((a) => {
      const out = a.f32(3);
      rt.check(rt.c.evaluate_rows(ptr, set.ptr, ...range, out));
      const [loss, accuracy, r2] = rt.f32(out, 3);
      return { loss, accuracy, r2 };
    });
  }

  /**
   * @param {DataSet} ds
   * @param {Rows} rows  (target is not used)
   * @returns {Float32Array} (n, outputs), inference mode
   */
  predictRows(ds, rows) {
    const ptr = this.#live();
    const rt = this.#rt;
    const set = liveSet('predictRows', ds, rt);
    const [split, first, n] = rowRange('predictRows', ds, rows);
    const size = Math.max(n, 0) * this.outputs;
    return rt.scoped((a) => {
      const out = a.f32(size);
      rt.check(rt.c.predict_rows(ptr, set.ptr, split, first, n, out));
      return rt.f32(out, size).slice();
    });
  }

  /**
   * A copy of one of the model's flat blocks.
   * @param {'params_read' | 'grads_read' | 'state_read'} fn
   * @param {number} count  the block's length
   */
  #readBlock(fn, count) {
    const ptr = this.#live();
    const rt = this.#rt;
    return rt.scoped((a) => {
      const dst = a.f32(count);
      rt.check(rt.c[fn](ptr, dst, count));
      return rt.f32(dst, count).slice();
    });
  }

  /**
   * Overwrites one of the model's flat blocks; C checks the length and the values.
   * @param {'params_write' | 'state_write'} fn
   * @param {string} what  the caller, for the message
   * @param {ArrayLike<number>} values
   */
  #writeBlock(fn, what, values) {
    const ptr = this.#live();
    const rt = this.#rt;
    const v = floats(what, values);
    rt.scoped((a) => rt.check(rt.c[fn](ptr, a.floats(v), v.length)));
  }

  /** @returns {Float32Array} a copy of the parameter block (layout: `layers`) */
  params() { return this.#readBlock('params_read', this.paramCount); }

  /**
   * One layer's parameters, copied: w with its shape (dense: [out, in]; conv: [outC, inC, k, k],
   * the learned filters), and b, gamma, beta (null where the layer has none; pooling: all null).
   * @param {number} layer
   * @returns {{w: Float32Array | null, shape: number[], b: Float32Array | null,
   *   gamma: Float32Array | null, beta: Float32Array | null}}
   */
  layerParams(layer) {
    const l = this.layers[int('layerParams: layer', layer, 0, this.layers.length - 1)];
    const p = this.params();
    const ch = l.outShape[0];
    const shape = l.kind === 'conv' ? [ch, l.inShape[0], l.kernel, l.kernel] : l.kind === 'dense' ? [l.out, l.in] : [];
    const at = (/** @type {number} */ off, /** @type {number} */ n) => (off < 0 ? null : p.slice(off, off + n));
    return { w: at(l.w, shape.reduce((a, b) => a * b, 1)), shape, b: at(l.b, ch), gamma: at(l.gamma, ch),
      beta: at(l.beta, ch) };
  }

  /** @returns {Float32Array} the gradients of the last step, same layout */
  grads() { return this.#readBlock('grads_read', this.paramCount); }

  /** @param {Float32Array} values  exactly paramCount finite values */
  setParams(values) { this.#writeBlock('params_write', 'setParams', values); }

  /**
   * Batch norm's running mean and variance, which predictions use (inference mode) and training
   * updates; not trained by gradients, so not in params(). Empty without batch norm.
   * @returns {Float32Array} a copy, stateCount values (layout: `layers`' mean and var offsets)
   */
  state() { return this.#readBlock('state_read', this.stateCount); }

  /**
   * Replaces the running statistics, as a model file or another model holds them. C refuses
   * a wrong length, a non-finite value or a negative variance, and then changes nothing.
   * @param {Float32Array} values  exactly stateCount values
   */
  setState(values) { this.#writeBlock('state_write', 'setState', values); }

  /** @returns {Float32Array} per layer, the L2 norm of its weight gradient from the last step */
  gradNorms() { return this.#perLayer('grad_norms'); }

  /**
   * @returns {Float32Array} per layer, the population standard deviation of its weight
   *   gradient's entries from the last step (nn_grad_stds); 0 for pooling and before a step
   */
  gradStds() { return this.#perLayer('grad_stds'); }

  /** One float per layer from the C function `fn`. @param {'grad_norms' | 'grad_stds'} fn */
  #perLayer(fn) {
    const ptr = this.#live();
    const rt = this.#rt;
    const n = this.layers.length;
    return rt.scoped((a) => {
      const dst = a.f32(n);
      rt.check(rt.c[fn](ptr, dst, n));
      return rt.f32(dst, n).slice();
    });
  }

  /**
   * Central differences against backpropagation for every parameter; parameters unchanged.
   * @param {Float32Array} x
   * @param {Float32Array} y
   * @param {number} [eps]  the finite-difference step
   * @param {number} [maxChecked]  0: every parameter, else that many spread over the block
   * @returns {number} the maximum relative error
   */
  gradcheck(x, y, eps = 1e-3, maxChecked = 0) {
    const ptr = this.#live();
    const n = this.#batch('gradcheck', x, y);
    const rt = this.#rt;
    return rt.scoped((a) => {
      const err = a.f32(1);
      rt.check(rt.c.gradcheck(ptr, a.floats(x), a.floats(y), n, num('gradcheck: eps', eps),
        int('gradcheck: maxChecked', maxChecked, 0), err));
      return rt.f32(err, 1)[0];
    });
  }

  /**
   * The gradient check parameter by parameter (nn_gradcheck_numeric): every parameter's central
   * difference, its relative error against backpropagation, and backpropagation's gradient.
   * @param {Float32Array} x
   * @param {Float32Array} y
   * @param {number} [eps]
   * @returns {{numeric: Float32Array, relErr: Float32Array, backprop: Float32Array}} paramCount each
   */
  gradcheckNumeric(x, y, eps = 1e-3) {
    const ptr = this.#live();
    const n = this.#batch('gradcheckNumeric', x, y);
    const rt = this.#rt;
    const P = this.paramCount;
    const [numeric, relErr] = rt.scoped((a) => {
      const out = a.f32(P), err = a.f32(P);
      rt.check(rt.c.gradcheck_numeric(ptr, a.floats(x), a.floats(y), n, num('gradcheckNumeric: eps', eps),
        out, err, P));
      return [rt.f32(out, P).slice(), rt.f32(err, P).slice()];
    });
    return { numeric, relErr, backprop: this.grads() };
  }

  /**
   * What the last training step computed in a dense layer, before its update (nn_model_trace):
   * 'z' the weighted sums, 'a' the activations, 'delta' d loss / d z; (rows, out) for the step's
   * rows. Throws when no step was taken since the last inference call.
   * @param {number} layer
   * @param {'z' | 'a' | 'delta'} what
   * @returns {Float32Array}
   */
  trace(layer, what) {
    const ptr = this.#live();
    const kind = TRACE.indexOf(what);
    if (kind < 0) throw fail(`trace: what must be one of ${TRACE.join(', ')} (got ${String(what)})`);
    int('trace: layer', layer, 0, this.layers.length - 1);
    const rt = this.#rt;
    const count = rt.c.trace_rows(ptr) * this.layers[layer].out;
    return rt.scoped((a) => {
      const dst = a.f32(count);
      rt.check(rt.c.trace(ptr, layer, kind, dst, count));
      return rt.f32(dst, count).slice();
    });
  }

  /**
   * For teaching gradient checks: from now on backpropagation negates this layer's weight and
   * bias gradients (training and gradcheck see it); -1 repairs. Not saved with the model.
   * @param {number} layer  a layer with weights, or -1
   */
  breakGradient(layer) {
    this.#rt.check(this.#rt.c.break_gradient(this.#live(), int('breakGradient: layer', layer)));
  }

  /** The layer breakGradient broke, -1 if none. */
  get brokenGradient() { return this.#rt.c.broken_gradient(this.#live()); }

  /**
   * Early stopping: call once per epoch; keeps the best parameters seen.
   * @param {number} valLoss
   * @param {number} patience
   * @returns {boolean} true once `patience` calls in a row brought no improvement
   */
  trackBest(valLoss, patience) {
    const ptr = this.#live();
    const rt = this.#rt;
    return rt.scoped((a) => {
      const stop = a.i32(1);
      rt.check(rt.c.track_best(ptr, num('trackBest: valLoss', valLoss), int('trackBest: patience', patience, 1), stop));
      return rt.i32(stop, 1)[0] !== 0;
    });
  }

  /** Back to the best parameters trackBest kept; throws if there are none. */
  restoreBest() { this.#rt.check(this.#rt.c.restore_best(this.#live())); }

  /** 0-based trackBest call of the best loss, -1 if none. */
  get bestEpoch() { return this.#rt.c.best_epoch(this.#live()); }

  /**
   * Applies a spec's training settings to this model (nn_model_set_training): the weights, the
   * step count and the epoch under way stay, and so does the optimizer's state unless the
   * optimizer changed. A spec that changes a structural field (the schema's `structural`), or
   * that C refuses, throws C's message and changes nothing. Keys as createModel's: missing ones
   * take C's defaults, so pass the whole spec.
   * @param {Record<string, any>} spec
   * @returns {{freshOptimizer: boolean}} whether the optimizer's state started afresh
   */
  setTraining(spec) {
    const ptr = this.#live();
    const rt = this.#rt;
    const fresh = rt.withSpec(spec, (s) => rt.scoped((a) => {
      const out = a.i32(1);
      rt.check(rt.c.model_set_training(ptr, s, out));
      return rt.i32(out, 1)[0] !== 0;
    }));
    this.spec = Object.freeze(readSpec(rt, ptr));
    return { freshOptimizer: fresh };
  }

  /** The learning rate the next step will use. */
  get lr() { return this.#rt.c.model_lr(this.#live()); }

  /** Optimizer steps taken. */
  get steps() { return this.#rt.c.model_steps(this.#live()); }

  /** @returns {Uint8Array} the model file (format in csrc/io.c) */
  save() {
    const ptr = this.#live();
    const rt = this.#rt;
    const size = rt.c.save_size(ptr);
    return rt.scoped((a) => {
      const buf = a.bytes(size);
      rt.check(rt.c.save(ptr, buf, size));
      return rt.u8(buf, size).slice();
    });
  }

  /** Returns the model's memory to wasm. Safe to call twice; any other use afterwards throws. */
  free() {
    if (!this.#ptr) return;
    this.#rt.c.model_free(this.#ptr);
    this.#ptr = 0;
  }
}

/** One wasm instance and one nn_ctx: the factory for models and the home of the stateless tools. */
export class Engine {
  #rt;

  /**
   * @param {string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module} source
   *   browser: the URL of nnplay.wasm; Node: a file path, or the bytes
   * @returns {Promise<Engine>}
   */
  static async load(source) {
    return new Engine(await instantiate(source));
  }

  /** @param {WebAssembly.Instance} instance  from wasm-loader.js's instantiate */
  constructor(instance) {
    this.#rt = new Runtime(instance);
  }

  /** @template T @param {Record<string, any>} spec @param {(spec: number) => T} fn @returns {T} */
  #withSpec(spec, fn) { return this.#rt.withSpec(spec, fn); }

  /** @returns {Record<string, any>} every spec field at its C default */
  specDefaults() {
    return this.#withSpec({}, (spec) => parseSpec(this.#rt.formatSpec(spec)));
  }

  /** @returns {{name: string, help: string}[]} the spec's fields, in C's order */
  specFields() {
    const c = this.#rt.c;
    return Array.from({ length: c.spec_field_count() }, (_, i) => ({
      name: this.#rt.string(c.spec_field_name(i)),
      help: this.#rt.string(c.spec_field_help(i)),
    }));
  }

  /**
   * The spec's table as data (nn_spec_field_info), in C's order: what the page's settings rows
   * are built from. `min`/`max` are null for lists of names and enums; `values` lists the names
   * of an enum or of the activations, else null; `default` is specDefaults()'s; `when` null for a
   * field that always matters, else the field and values that bring it in (nn_spec_field_applies).
   * scripts/spec-schema.js writes it to the module '#spec-schema'.
   * @returns {SpecField[]}
   */
  specSchema() {
    const rt = this.#rt;
    const c = rt.c;
    const defaults = this.specDefaults();
    const rows = rt.scoped((a) => this.specFields().map(({ name, help }, i) => {
      const range = a.bytes(16);
      const ints = a.i32(6);
      rt.check(c.spec_field_info(rt.ctx, i, range, ints));
      const [min, max] = new Float64Array(rt.memory.buffer, range, 2);
      const [kind, minOpen, nValues, when, whenValues, structural] = rt.i32(ints, 6);
      const values = Array.from({ length: nValues }, (_, v) => rt.string(c.spec_field_value(i, v)));
      return { name, help, kind: FIELD_KINDS[kind], min, max, minOpen: minOpen !== 0, values, when, whenValues,
        structural: structural !== 0 };
    }));
    return rows.map((r) => {
      const named = r.kind === 'enum' || r.kind === 'acts';
      let when = null;
      if (r.when >= 0) {
        const on = rows[r.when];
        const bits = Array.from({ length: 32 }, (_, v) => v).filter((v) => (r.whenValues >>> v) & 1);
        when = { field: on.name, values: bits.map((v) => (on.values.length ? on.values[v] : String(v))) };
      }
      return {
        name: r.name, kind: r.kind, min: named ? null : r.min, max: named ? null : r.max, minOpen: r.minOpen,
        values: named ? r.values : null, default: defaults[r.name], help: r.help, when, structural: r.structural,
      };
    });
  }

  /**
   * The names of the fields that matter for a spec (nn_spec_field_applies): momentum only with
   * the momentum optimizers, and so on. Its values are set as createModel sets them, so a value
   * nn_spec_set refuses throws C's message; the fields are not checked against each other.
   * @param {Record<string, any>} spec
   * @returns {string[]}
   */
  specApplies(spec) {
    const c = this.#rt.c;
    return this.#withSpec(spec, (s) => this.#rt.fieldOrder.filter((_, i) => c.spec_field_applies(s, i) === 1));
  }

  /**
   * Checks a spec as createModel would, without building it: every value, then the rules
   * between fields (lr_min not above lr, the loss and the output layer, the model's size).
   * Throws C's message.
   * @param {Record<string, any>} spec
   */
  specCheck(spec) {
    const rt = this.#rt;
    this.#withSpec(spec, (s) => rt.check(rt.c.spec_validate(rt.ctx, s)));
  }

  /**
   * The learning rate a model of `spec` uses at each of the optimizer steps `steps` (nn_sched_lr:
   * the schedule and its warm-up), to draw the schedule before training.
   * @param {Record<string, any>} spec
   * @param {ArrayLike<number>} steps  step counts t >= 0 (0: the first step)
   * @returns {Float32Array}
   */
  learningRates(spec, steps) {
    const c = this.#rt.c;
    return this.#withSpec(spec, (s) => Float32Array.from(steps, (t, i) => c.sched_lr(s, int(`learningRates: steps[${i}]`, t, 0))));
  }

  /**
   * The optimizer steps of one epoch of n rows in batches of `batch` (0: full batch) for `spec`,
   * as training counts them (nn_epoch_steps: with batch norm a last batch of one joins the one
   * before): what turns a schedule's epochs into its steps.
   * @param {Record<string, any>} spec @param {number} n @param {number} batch
   */
  epochSteps(spec, n, batch) {
    const c = this.#rt.c;
    return this.#withSpec(spec, (s) => c.epoch_steps(s, int('epochSteps: n', n, 0), int('epochSteps: batch', batch, 0)));
  }

  /**
   * @param {Record<string, any>} spec  keys are nn_spec_set names; missing keys keep C's defaults
   * @returns {Model}
   */
  createModel(spec) {
    const rt = this.#rt;
    return this.#withSpec(spec, (s) => {
      const model = rt.scoped((a) => {
        const out = a.i32(1);
        rt.check(rt.c.model_create(rt.ctx, s, out));
        return rt.i32(out, 1)[0];
      });
      return new Model(rt, model);
    });
  }

  /**
   * @param {Uint8Array} bytes  a file from model.save()
   * @returns {Model}
   */
  loadModel(bytes) {
    if (!(bytes instanceof Uint8Array)) throw fail('loadModel: expected a Uint8Array', 'NN_ERR_ARG', TypeError);
    const rt = this.#rt;
    const model = rt.scoped((a) => {
      const buf = a.bytes(bytes.length);
      rt.u8(buf, bytes.length).set(bytes);
      const out = a.i32(1);
      rt.check(rt.c.load(rt.ctx, buf, bytes.length, out));
      return rt.i32(out, 1)[0];
    });
    return new Model(rt, model);
  }

  /**
   * Copies a data set into wasm memory once, for trainEpoch and evaluate.
   * @param {Float32Array} x  (n, inputs)
   * @param {Float32Array} y  (n, target width)
   * @param {number} [n]  samples; defaults to y.length (one target per sample)
   * @returns {Upload}
   */
  upload(x, y, n = y.length) {
    floats('upload: x', x);
    floats('upload: y', y);
    if (x.length % count('upload: n', n) || y.length % n) {
      throw fail(`upload: x (${x.length} values) and y (${y.length}) do not split into n = ${n} samples`);
    }
    return new Upload(this.#rt, x, y, n);
  }

  /**
   * A data set from the bytes of an NNDS file (docs/datasets.md), copied into wasm memory and
   * checked there by C; bytes stay bytes (MNIST: 55 MB, not 188 MB of floats).
   * @param {Uint8Array} bytes
   * @returns {DataSet}
   */
  openDataset(bytes) {
    if (!(bytes instanceof Uint8Array)) throw fail('openDataset: expected a Uint8Array', 'NN_ERR_ARG', TypeError);
    const rt = this.#rt;
    const buf = rt.malloc(bytes.length);
    try {
      rt.u8(buf, bytes.length).set(bytes);
      const ptr = rt.scoped((a) => {
        const out = a.i32(1);
        rt.check(rt.c.dataset_open(rt.ctx, buf, bytes.length, out));
        return rt.i32(out, 1)[0];
      });
      return new DataSet(rt, ptr, buf);
    } catch (e) {
      rt.c.free(buf);
      throw e;
    }
  }

  /**
   * A data set built in C from float arrays (copied): the toy sets, a user's CSV.
   * @param {object} d
   * @param {ArrayLike<number>} d.x  (nTrain + nTest, features), training rows first
   * @param {ArrayLike<number>} d.y  (nTrain + nTest, targets): class indices, or values
   * @param {number} d.nTrain
   * @param {number} d.nTest
   * @param {number} d.features
   * @param {number} d.classes  >= 2: classification; 0: regression
   * @param {number} [d.targets]  1 by default
   * @param {string[]} [d.featureNames]  default x0, x1, ...
   * @param {string[]} [d.classNames]  default 0, 1, ...
   * @param {string[]} [d.targetNames]  default y0, y1, ...
   * @param {string} [d.name]  default 'data'
   * @param {ArrayLike<number>} [d.stats]  (mean, std) per feature, then per regression target,
   *   as a file keeps them; default 0, 1
   * @returns {DataSet}
   */
  createDataset({ x, y, nTrain, nTest, features, classes, targets = 1, featureNames, classNames, targetNames,
    name, stats }) {
    const rt = this.#rt;
    const counts = [int('createDataset: nTrain', nTrain), int('createDataset: nTest', nTest),
      int('createDataset: features', features), int('createDataset: classes', classes),
      int('createDataset: targets', targets)];
    const rows = nTrain + nTest;
    for (const [what, arr, width] of /** @type {[string, ArrayLike<number>, number][]} */ ([['x', x, features], ['y', y, targets]])) {
      if (floats(`createDataset: ${what}`, arr).length !== rows * width) {
        throw fail(`createDataset: ${what} has ${arr.length} values, want ${rows * width} ` +
          `(${rows} rows × ${width})`);
      }
    }
    const nStats = 2 * (features + (classes ? 0 : targets));
    if (stats !== undefined && floats('createDataset: stats', stats).length !== nStats) {
      throw fail(`createDataset: stats has ${stats.length} values, want ${nStats} (a mean and a std each)`);
    }
    const ptr = rt.scoped((a) => {
      /** @param {string} what @param {string[] | undefined} list @param {number} want */
      const names = (what, list, want) => {
        if (list === undefined) return 0;
        if (!Array.isArray(list) || list.length !== want || list.some((v) => typeof v !== 'string')) {
          throw fail(`createDataset: ${what} must be ${want} strings`, 'NN_ERR_ARG', TypeError);
        }
        return a.strings(list, `createDataset: ${what}`);
      };
      const out = a.i32(1);
      rt.check(rt.c.dataset_create(rt.ctx, name === undefined ? 0 : a.string(String(name), 'createDataset: name'),
        ...counts, a.floats(x), a.floats(y), names('featureNames', featureNames, features),
        names('classNames', classNames, classes), names('targetNames', targetNames, classes ? 0 : targets),
        stats === undefined ? 0 : a.floats(stats), out));
      return rt.i32(out, 1)[0];
    });
    return new DataSet(rt, ptr, 0);
  }

  /**
   * A 2D toy data set generated by the C core.
   * @param {string} name  circle xor gauss spiral moons multiclass plane multigauss curve
   * @param {number} n
   * @param {number} [noise]  in [0, 1]
   * @param {number} [classes]  for multiclass, 3..5
   * @param {number} [seed]  an integer in [0, 2^53]
   * @returns {{x: Float32Array, y: Float32Array}}
   */
  toy(name, n, noise = 0, classes = 3, seed = 1) {
    const rt = this.#rt;
    count('toy: n', n);
    return rt.scoped((a) => {
      const x = a.f32(2 * n);
      const y = a.f32(n);
      rt.check(rt.c.toy(rt.ctx, a.string(String(name), 'toy: name'), n, num('toy: noise', noise),
        int('toy: classes', classes), num('toy: seed', seed), x, y));
      return { x: rt.f32(x, 2 * n).slice(), y: rt.f32(y, n).slice() };
    });
  }

  /**
   * The playground's input features of points, computed by the C core.
   * @param {Float32Array} x2  (n, 2) points (x1, x2)
   * @param {string[]} names  each one of x1 x2 x1sq x2sq x1x2 sinx1 sinx2
   * @returns {Float32Array} (n, names.length)
   */
  toyFeatures(x2, names) {
    const rt = this.#rt;
    const n = rowsOf('toyFeatures: x2', floats('toyFeatures: x2', x2), 2);
    if (!Array.isArray(names) || names.some((v) => typeof v !== 'string')) {
      throw fail('toyFeatures: names must be an array of strings', 'NN_ERR_ARG', TypeError);
    }
    const d = names.length;
    return rt.scoped((a) => {
      const out = a.f32(n * d);
      rt.check(rt.c.toy_features(rt.ctx, a.floats(x2), n, a.strings(names, 'toyFeatures: names'), d, out));
      return rt.f32(out, n * d).slice();
    });
  }

  /**
   * @param {Float32Array} prob  (n, k); k = 1: probability of class 1
   * @param {Float32Array} y  (n) labels / class indices
   * @param {number} [k]
   * @returns {{accuracy: number, precision: number, recall: number, f1: number, auc: number,
   *            confusion: Int32Array}} confusion (K, K), K = max(k, 2), rows true class
   */
  metricsClassify(prob, y, k = 1) {
    const rt = this.#rt;
    count('metricsClassify: k', k);
    const n = floats('metricsClassify: y', y).length;
    if (floats('metricsClassify: prob', prob).length !== n * k) {
      throw fail(`metricsClassify: prob has ${prob.length} values, want ${n * k} (${n} samples × k ${k})`);
    }
    const K = Math.max(k, 2);
    return rt.scoped((a) => {
      const out = a.f32(5);
      const confusion = a.i32(K * K);
      rt.check(rt.c.metrics_classify(rt.ctx, a.floats(prob), a.floats(y), n, k, out, confusion));
      const [accuracy, precision, recall, f1, auc] = rt.f32(out, 5);
      return { accuracy, precision, recall, f1, auc, confusion: rt.i32(confusion, K * K).slice() };
    });
  }

  /**
   * The counts behind ROC and precision-recall curves: at each of `points` thresholds evenly
   * from 0 to 1, the positives (tp) and negatives (fp) with score >= threshold, so the page
   * draws both curves and the confusion at any threshold (fn = positives - tp, tn = negatives
   * - fp). auc (ties counted half) and ap (average precision) are exact over all scores.
   * @param {Float32Array} score  (n) probability of class 1
   * @param {Float32Array} y  (n) 0 or 1
   * @param {number} [points]  at least 2
   * @returns {{thresholds: Float32Array, tp: Int32Array, fp: Int32Array, positives: number,
   *   negatives: number, auc: number, ap: number}}
   */
  metricsCurve(score, y, points = 101) {
    const rt = this.#rt;
    const n = floats('metricsCurve: y', y).length;
    if (floats('metricsCurve: score', score).length !== n) {
      throw fail(`metricsCurve: score has ${score.length} values, y has ${n}`);
    }
    const p = int('metricsCurve: points', points, 2);
    return rt.scoped((a) => {
      const thresholds = a.f32(p);
      const tp = a.i32(p);
      const fp = a.i32(p);
      const counts = a.i32(2);
      const areas = a.f32(2);
      rt.check(rt.c.metrics_curve(rt.ctx, a.floats(score), a.floats(y), n, p, thresholds, tp, fp, counts, areas));
      const [positives, negatives] = rt.i32(counts, 2);
      const [auc, ap] = rt.f32(areas, 2);
      return { thresholds: rt.f32(thresholds, p).slice(), tp: rt.i32(tp, p).slice(), fp: rt.i32(fp, p).slice(),
        positives, negatives, auc, ap };
    });
  }

  /**
   * The misclassified rows, the most confident first (by the probability of the predicted
   * class; ties in row order), at most `max` of them.
   * @param {Float32Array} prob  (n, k); k = 1: probability of class 1
   * @param {Float32Array} y  (n) class indices
   * @param {number} k
   * @param {number} max
   * @returns {{rows: Int32Array, pred: Int32Array}} row indices and their predicted classes
   */
  metricsMistakes(prob, y, k, max) {
    const rt = this.#rt;
    count('metricsMistakes: k', k);
    const n = floats('metricsMistakes: y', y).length;
    if (floats('metricsMistakes: prob', prob).length !== n * k) {
      throw fail(`metricsMistakes: prob has ${prob.length} values, want ${n * k} (${n} samples × k ${k})`);
    }
    const m = int('metricsMistakes: max', max, 0);
    return rt.scoped((a) => {
      const rows = a.i32(m);
      const pred = a.i32(m);
      const found = a.i32(1);
      rt.check(rt.c.metrics_mistakes(rt.ctx, a.floats(prob), a.floats(y), n, k, m, rows, pred, found));
      const c = rt.i32(found, 1)[0];
      return { rows: rt.i32(rows, c).slice(), pred: rt.i32(pred, c).slice() };
    });
  }

  /**
   * @param {Float32Array} pred  (n, d)
   * @param {Float32Array} y  (n, d)
   * @param {number} [d]
   * @returns {{mse: number, mae: number, r2: number}}
   */
  metricsRegress(pred, y, d = 1) {
    const rt = this.#rt;
    if (floats('metricsRegress: pred', pred).length !== floats('metricsRegress: y', y).length) {
      throw fail(`metricsRegress: pred has ${pred.length} values, y has ${y.length}`);
    }
    const n = rowsOf('metricsRegress: y', y, d);
    return rt.scoped((a) => {
      const out = a.f32(3);
      rt.check(rt.c.metrics_regress(rt.ctx, a.floats(pred), a.floats(y), n, d, out));
      const [mse, mae, r2] = rt.f32(out, 3);
      return { mse, mae, r2 };
    });
  }

  /**
   * Rosenblatt's perceptron rule on x (n, d), y (n) in {0, 1}: up to `epochs` more epochs
   * (at most 10,000 a call) from w0, so a page can run it one epoch per call.
   * @param {Float32Array} x
   * @param {Float32Array} y
   * @param {number} d
   * @param {number} epochs
   * @param {number} lr
   * @param {ArrayLike<number>} [w0]  d+1 weights to continue from, bias last; zeros by default
   * @returns {{w: Float32Array, epochs: number, converged: boolean, updates: number}} epochs run
   *   and weight updates made by this call; converged: its last epoch made no mistake
   */
  perceptron(x, y, d, epochs, lr, w0) {
    const rt = this.#rt;
    count('perceptron: d', d);
    const n = floats('perceptron: y', y).length;
    if (floats('perceptron: x', x).length !== n * d) {
      throw fail(`perceptron: x has ${x.length} values, want ${n * d} (${n} samples × d ${d})`);
    }
    if (w0 !== undefined && floats('perceptron: w0', w0).length !== d + 1) {
      throw fail(`perceptron: w0 has ${w0.length} values, want d + 1 = ${d + 1}`);
    }
    return rt.scoped((a) => {
      const w = w0 === undefined ? a.f32(d + 1) : a.floats(w0);
      if (w0 === undefined) rt.f32(w, d + 1).fill(0);
      const result = a.i32(2);
      const updates = a.bytes(8);
      rt.check(rt.c.perceptron_train(rt.ctx, a.floats(x), a.floats(y), n, d, int('perceptron: epochs', epochs),
        num('perceptron: lr', lr), w, result, updates));
      const [ran, converged] = rt.i32(result, 2);
      return { w: rt.f32(w, d + 1).slice(), epochs: ran, converged: converged !== 0,
        updates: new Float64Array(rt.memory.buffer, updates, 1)[0] };
    });
  }

  /**
   * @param {Float32Array} w  d+1 weights from perceptron(), bias last
   * @param {Float32Array} x  (n, d)
   * @returns {Float32Array} (n) outputs in {0, 1}
   */
  perceptronPredict(w, x) {
    const rt = this.#rt;
    const d = floats('perceptronPredict: w', w).length - 1;
    if (d < 1) throw fail(`perceptronPredict: w needs at least 2 values (got ${w.length})`);
    const n = rowsOf('perceptronPredict: x', floats('perceptronPredict: x', x), d);
    return rt.scoped((a) => {
      const out = a.f32(n);
      rt.c.perceptron_predict(a.floats(w), d, a.floats(x), n, out);
      return rt.f32(out, n).slice();
    });
  }

  /**
   * An activation and its derivative at the points x, as the network's layers compute them
   * (nn_act_eval): for drawing the curves the model uses.
   * @param {string} name  an elementwise activation: linear, sigmoid, tanh, relu, leaky_relu
   * @param {ArrayLike<number>} x
   * @param {number} [slope]  leaky_relu's, in [0, 1]
   * @returns {{y: Float32Array, dydx: Float32Array}}
   */
  actEval(name, x, slope = 0.01) {
    const rt = this.#rt;
    // The activations field's values are nn_act's names in enum order.
    const act = this.specSchema().find((f) => f.name === 'activations').values.indexOf(name);
    if (act < 0) throw fail(`actEval: unknown activation ${JSON.stringify(name)}`);
    const n = floats('actEval: x', x).length;
    return rt.scoped((a) => {
      const y = a.f32(n), dydx = a.f32(n);
      rt.check(rt.c.act_eval(rt.ctx, act, num('actEval: slope', slope), a.floats(x), n, y, dydx));
      return { y: rt.f32(y, n).slice(), dydx: rt.f32(dydx, n).slice() };
    });
  }

  /** Diagnostics: bytes in allocated wasm heap chunks (dlmalloc's mallinfo().uordblks). */
  heapUsed() { return this.#rt.c.heap_used(); }

  /** Diagnostics: the size of wasm memory in bytes (grows, never shrinks). */
  get memoryBytes() { return this.#rt.memory.buffer.byteLength; }
}
