/**
 * engine.js — the JavaScript API over nnplay.wasm (the C core of csrc/, compiled by mk/wasm.mk).
 * An ES module that runs unchanged in Node, a page and a Web Worker; documented in docs/engine.md.
 *
 * Three rules keep it honest:
 * - every C status goes through one check(rc), which throws Error(nn_last_error) — the C
 *   message, unchanged, so a bad spec is refused with the same words everywhere;
 * - no heap view outlives a call into wasm: memory may grow on any allocation, which detaches
 *   the old buffer, so views are built on demand by f32()/i32()/u8() and copied out at once;
 * - every temporary block is malloc'd through Runtime.scoped and freed in its finally.
 * It validates only what C cannot see: typed-array lengths against the model's shapes.
 */
import { instantiate } from './wasm-loader.js';

/** The exports of csrc/wasm_api.c, bound once below as `c.<name without nnw_>`. */
export const EXPORTS = Object.freeze([
  'nnw_malloc', 'nnw_free', 'nnw_heap_used',
  'nnw_ctx_create', 'nnw_last_error',
  'nnw_spec_create', 'nnw_spec_free', 'nnw_spec_set', 'nnw_spec_format',
  'nnw_spec_field_count', 'nnw_spec_field_name', 'nnw_spec_field_help',
  'nnw_model_create', 'nnw_model_free', 'nnw_model_spec', 'nnw_model_target_width',
  'nnw_model_steps', 'nnw_model_lr', 'nnw_layer_info',
  'nnw_train_step', 'nnw_train_epoch', 'nnw_predict', 'nnw_activations', 'nnw_evaluate',
  'nnw_params_count', 'nnw_params_read', 'nnw_params_write', 'nnw_grads_read',
  'nnw_state_count', 'nnw_state_read', 'nnw_state_write',
  'nnw_grad_norms', 'nnw_gradcheck',
  'nnw_track_best', 'nnw_restore_best', 'nnw_best_epoch',
  'nnw_save_size', 'nnw_save', 'nnw_load',
  'nnw_toy', 'nnw_metrics_classify', 'nnw_metrics_regress',
  'nnw_perceptron_train', 'nnw_perceptron_predict',
]);

/** nn_status in nn.h order; a thrown Error carries the name as `code`. */
const STATUS = ['NN_OK', 'NN_ERR_ARG', 'NN_ERR_NOMEM', 'NN_ERR_FORMAT', 'NN_ERR_DIVERGED'];

/** Spec fields whose text is a comma-separated list (nn.h: "layers", "activations"). */
const LIST_FIELDS = new Set(['layers', 'activations']);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * @param {WebAssembly.Exports} exports
 * @returns {Record<string, Function>}
 */
function bind(exports) {
  const missing = EXPORTS.filter((name) => typeof exports[name] !== 'function');
  if (missing.length) throw new Error(`nnplay.wasm lacks exports: ${missing.join(', ')}`);
  return Object.fromEntries(EXPORTS.map((name) => [name.slice('nnw_'.length), exports[name]]));
}

/**
 * A spec value as the text nn_spec_set parses: lists comma-joined, booleans 0/1.
 * @param {unknown} value
 */
function specText(value) {
  if (Array.isArray(value)) return value.map(String).join(',');
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
    spec[key] = LIST_FIELDS.has(key) ? value.split(',').map(specValue) : specValue(value);
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
    throw new TypeError(`${what}: expected a Float32Array, got ${Object.prototype.toString.call(arr)}`);
  }
  return /** @type {ArrayLike<number>} */ (arr);
}

/** @param {string} what @param {number} v  a count C takes as int: whole and >= 1 */
function count(what, v) {
  if (!Number.isSafeInteger(v) || v < 1) throw new Error(`${what} must be an integer >= 1 (got ${v})`);
  return v;
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
    throw new Error(`${what}: has ${x.length} values, not a multiple of the row width ${width}`);
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
    if (!this.ctx) throw new Error('nnplay: out of wasm memory creating the context');
  }

  /** Fresh views: valid until the next call into wasm. */
  f32(ptr, n) { return new Float32Array(this.memory.buffer, ptr, n); }
  i32(ptr, n) { return new Int32Array(this.memory.buffer, ptr, n); }
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
    const err = new Error(this.string(this.c.last_error(this.ctx)) || `nnplay: ${STATUS[rc] ?? rc}`);
    /** @type {any} */ (err).code = STATUS[rc] ?? rc;
    throw err;
  }

  /** @param {number} bytes */
  malloc(bytes) {
    // wasm32's size_t would wrap a larger request into a small block the C side then overruns.
    if (!(Number.isSafeInteger(bytes) && bytes >= 0 && bytes <= 0x7fffffff))
      throw new Error(`nnplay: out of wasm memory (asked for ${bytes} bytes)`);
    const ptr = this.c.malloc(Math.max(bytes, 1));
    if (!ptr) throw new Error(`nnplay: out of wasm memory (asked for ${bytes} bytes)`);
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
    const bytes = (n) => {
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
      string: (s) => {
        const utf8 = encoder.encode(s);
        const ptr = bytes(utf8.length + 1);
        const view = this.u8(ptr, utf8.length + 1);
        view.set(utf8);
        view[utf8.length] = 0;
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
 * @property {(s: string) => number} string  a NUL-terminated UTF-8 copy of s
 */

/** Private handle of a Dataset's wasm blocks, reachable only from this module. */
const BLOCKS = Symbol('blocks');

/** Training data copied once into wasm memory, for trainEpoch and evaluate without per-call copies. */
export class Dataset {
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

  /** Returns the memory to wasm; the dataset is unusable afterwards. Safe to call twice. */
  free() {
    const b = this[BLOCKS];
    if (!b) return;
    b.rt.c.free(b.px);
    this[BLOCKS] = null;
  }
}

/** A model in wasm memory. Create with engine.createModel or engine.loadModel; free() when done. */
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
    const spec = parseSpec(rt.formatSpec(c.model_spec(ptr)));
    for (const value of Object.values(spec)) if (Array.isArray(value)) Object.freeze(value);
    /** The spec as C normalized it: every field, lists as arrays. */
    this.spec = Object.freeze(spec);
    /** @type {number} */
    this.inputs = /** @type {number} */ (this.spec.inputs);
    /** @type {number[]} */
    const sizes = /** @type {any} */ (this.spec.layers);
    /** @type {number} */
    this.outputs = sizes[sizes.length - 1];
    /** Values per sample in y: 1 (a class index) for softmax_ce, else outputs. */
    this.targetWidth = c.model_target_width(ptr);
    /** Length of params(), grads() and setParams' argument. */
    this.paramCount = c.params_count(ptr);
    /** Length of state() and setState's argument: batch norm's running statistics, 0 without. */
    this.stateCount = c.state_count(ptr);
    // nn.h's state layout: mean then var for each layer with batch norm, in layer order; the
    // layers with batch norm are those with a gamma. Checked against C's count below.
    let next = 0;
    /**
     * Per dense layer: W (out, in) at offset w, b at b (-1 with batch norm: no bias), batch
     * norm's gamma/beta in params() and running mean/var in state() (-1 without batch norm).
     */
    this.layers = Object.freeze(sizes.map((_, l) => rt.scoped((a) => {
      const info = a.i32(6);
      rt.check(c.layer_info(ptr, l, info));
      const [inSize, out, w, b, gamma, beta] = rt.i32(info, 6);
      const mean = gamma < 0 ? -1 : next;
      const variance = gamma < 0 ? -1 : next + out;
      if (gamma >= 0) next += 2 * out;
      return Object.freeze({ in: inSize, out, w, b, gamma, beta, mean, var: variance });
    })));
    if (next !== this.stateCount) {
      throw new Error(`nnplay: the layers' batch norm implies ${next} state values, the model has ${this.stateCount}`);
    }
  }

  /** The pointer, or a clear error once freed. */
  #live() {
    if (!this.#ptr) throw new Error('model: used after free()');
    return this.#ptr;
  }

  /** @param {string} what  @param {ArrayLike<number>} x  @param {ArrayLike<number>} y */
  #batch(what, x, y) {
    const n = rowsOf(`${what}: x`, floats(`${what}: x`, x), this.inputs);
    if (floats(`${what}: y`, y).length !== n * this.targetWidth) {
      throw new Error(`${what}: y has ${y.length} values, want ${n * this.targetWidth} ` +
        `(${n} samples × target width ${this.targetWidth})`);
    }
    return n;
  }

  /** @param {string} what  @param {Dataset} data */
  #blocks(what, data) {
    const b = data instanceof Dataset ? data[BLOCKS] : undefined;
    if (!b) throw new Error(`${what}: data must be a live Dataset from engine.upload`);
    if (b.rt !== this.#rt) throw new Error(`${what}: data was uploaded to another engine`);
    if (data.xWidth !== this.inputs || data.yWidth !== this.targetWidth) {
      throw new Error(`${what}: data has ${data.xWidth} inputs and ${data.yWidth} targets per sample, ` +
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
   * @param {Dataset} data
   * @param {number} [batch]  samples per step; 0 or >= n: full batch
   * @returns {number} mean batch loss
   */
  trainEpoch(data, batch = 0) {
    const ptr = this.#live();
    const b = this.#blocks('trainEpoch', data);
    const rt = this.#rt;
    return rt.scoped((a) => {
      const loss = a.f32(1);
      rt.check(rt.c.train_epoch(ptr, b.px, b.py, data.n, batch, loss));
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
   * @param {Float32Array} x  (n, inputs)
   * @param {number} layer  dense layer index
   * @returns {Float32Array} (n, layers[layer].out), after activation (and batch norm)
   */
  activations(x, layer) {
    const ptr = this.#live();
    const n = rowsOf('activations: x', floats('activations: x', x), this.inputs);
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.layers.length) {
      throw new Error(`activations: layer must be an integer in [0, ${this.layers.length}) (got ${layer})`);
    }
    const width = this.layers[layer].out;
    const rt = this.#rt;
    return rt.scoped((a) => {
      const out = a.f32(n * width);
      rt.check(rt.c.activations(ptr, a.floats(x), n, layer, out));
      return rt.f32(out, n * width).slice();
    });
  }

  /**
   * @param {Dataset} data
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
  gradNorms() {
    const ptr = this.#live();
    const rt = this.#rt;
    const n = this.layers.length;
    return rt.scoped((a) => {
      const dst = a.f32(n);
      rt.check(rt.c.grad_norms(ptr, dst, n));
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
      rt.check(rt.c.gradcheck(ptr, a.floats(x), a.floats(y), n, eps, maxChecked, err));
      return rt.f32(err, 1)[0];
    });
  }

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
      rt.check(rt.c.track_best(ptr, valLoss, patience, stop));
      return rt.i32(stop, 1)[0] !== 0;
    });
  }

  /** Back to the best parameters trackBest kept; throws if there are none. */
  restoreBest() { this.#rt.check(this.#rt.c.restore_best(this.#live())); }

  /** 0-based trackBest call of the best loss, -1 if none. */
  get bestEpoch() { return this.#rt.c.best_epoch(this.#live()); }

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
  /** @type {string[]} spec field names in C's table order */
  #fieldOrder;

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
    this.#fieldOrder = this.specFields().map((f) => f.name);
  }

  /**
   * Runs fn with a fresh default nn_spec, freed afterwards.
   * @template T
   * @param {(spec: number) => T} fn
   * @returns {T}
   */
  #withSpec(fn) {
    const rt = this.#rt;
    const spec = rt.c.spec_create();
    if (!spec) throw new Error('nnplay: out of wasm memory creating a spec');
    try {
      return fn(spec);
    } finally {
      rt.c.spec_free(spec);
    }
  }

  /** @returns {Record<string, any>} every spec field at its C default */
  specDefaults() {
    return this.#withSpec((spec) => parseSpec(this.#rt.formatSpec(spec)));
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
   * @param {Record<string, any>} spec  keys are nn_spec_set names; missing keys keep C's defaults
   * @returns {Model}
   */
  createModel(spec) {
    const rt = this.#rt;
    // Set fields in C's table order ("layers" before "activations"); unknown keys go last,
    // to C, which names them in its refusal.
    const order = this.#fieldOrder;
    const rank = (key) => (order.includes(key) ? order.indexOf(key) : order.length);
    const entries = Object.entries(spec)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => rank(a) - rank(b));
    return this.#withSpec((s) => {
      for (const [key, value] of entries) {
        rt.scoped((a) => rt.check(rt.c.spec_set(rt.ctx, s, a.string(key), a.string(specText(value)))));
      }
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
    if (!(bytes instanceof Uint8Array)) throw new TypeError('loadModel: expected a Uint8Array');
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
   * @returns {Dataset}
   */
  upload(x, y, n = y.length) {
    floats('upload: x', x);
    floats('upload: y', y);
    if (x.length % count('upload: n', n) || y.length % n) {
      throw new Error(`upload: x (${x.length} values) and y (${y.length}) do not split into n = ${n} samples`);
    }
    return new Dataset(this.#rt, x, y, n);
  }

  /**
   * A 2D toy data set generated by the C core.
   * @param {string} name  circle xor gauss spiral moons multiclass plane multigauss
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
      rt.check(rt.c.toy(rt.ctx, a.string(String(name)), n, noise, classes, seed, x, y));
      return { x: rt.f32(x, 2 * n).slice(), y: rt.f32(y, n).slice() };
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
      throw new Error(`metricsClassify: prob has ${prob.length} values, want ${n * k} (${n} samples × k ${k})`);
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
   * @param {Float32Array} pred  (n, d)
   * @param {Float32Array} y  (n, d)
   * @param {number} [d]
   * @returns {{mse: number, mae: number, r2: number}}
   */
  metricsRegress(pred, y, d = 1) {
    const rt = this.#rt;
    if (floats('metricsRegress: pred', pred).length !== floats('metricsRegress: y', y).length) {
      throw new Error(`metricsRegress: pred has ${pred.length} values, y has ${y.length}`);
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
   * Rosenblatt's perceptron rule on x (n, d), y (n) in {0, 1}.
   * @returns {{w: Float32Array, epochs: number, converged: boolean}} w has d+1 entries, bias last
   */
  perceptron(x, y, d, maxEpochs, lr) {
    const rt = this.#rt;
    count('perceptron: d', d);
    const n = floats('perceptron: y', y).length;
    if (floats('perceptron: x', x).length !== n * d) {
      throw new Error(`perceptron: x has ${x.length} values, want ${n * d} (${n} samples × d ${d})`);
    }
    return rt.scoped((a) => {
      const w = a.f32(d + 1);
      const result = a.i32(2);
      rt.check(rt.c.perceptron_train(rt.ctx, a.floats(x), a.floats(y), n, d, maxEpochs, lr, w, result));
      const [epochs, converged] = rt.i32(result, 2);
      return { w: rt.f32(w, d + 1).slice(), epochs, converged: converged !== 0 };
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
    if (d < 1) throw new Error(`perceptronPredict: w needs at least 2 values (got ${w.length})`);
    const n = rowsOf('perceptronPredict: x', floats('perceptronPredict: x', x), d);
    return rt.scoped((a) => {
      const out = a.f32(n);
      rt.c.perceptron_predict(a.floats(w), d, a.floats(x), n, out);
      return rt.f32(out, n).slice();
    });
  }

  /** Diagnostics: bytes in allocated wasm heap chunks (dlmalloc's mallinfo().uordblks). */
  heapUsed() { return this.#rt.c.heap_used(); }

  /** Diagnostics: the size of wasm memory in bytes (grows, never shrinks). */
  get memoryBytes() { return this.#rt.memory.buffer.byteLength; }
}
