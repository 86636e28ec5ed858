// model-file.js — the playground's model file: JSON with the settings (the URL query of
// lib/settings.js, so the file restores the whole playground), the engine's normalized spec for
// readers, the parameters and batch norm's running statistics in the engine's flat layouts
// (docs/engine.md: params(), state()). Reading validates before use.

import { parse } from './settings.js';

export const FORMAT = 'nnplay-model';
// "bnState" was added within version 1: older readers ignore it (and predict with fresh
// running statistics, as they always did); files without it still load here, with a note.
// Version 2: a layer ahead of batch norm has no bias (the engine's layout since then); version
// 1 files are converted as they are read.
export const VERSION = 2;
// The largest file read: a network of six hidden layers of 2,048 units is about 250 MB of JSON.
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * @param {{settings: string, spec: object, features: string[], params: number[], bnState: number[],
 *          layers: object[], epoch: number}} m  the worker's export (web/worker/session.js)
 */
export function writeModelFile(m) {
  return JSON.stringify({
    format: FORMAT, version: VERSION, epoch: m.epoch, settings: m.settings,
    spec: m.spec, features: m.features, layers: m.layers, params: m.params, bnState: m.bnState,
  });
}

/**
 * Reads a model file the learner chose: its size is checked before a byte is read. Meant for
 * the worker, so a large file never holds up the page.
 * @param {Blob & {name?: string}} file
 */
export async function readModelBlob(file) {
  const name = file.name ?? 'the file';
  if (file.size > MAX_FILE_BYTES) {
    throw new Error(`Import: ${name} is ${(file.size / 1048576).toFixed(1)} MB; model files up to ` +
      `${MAX_FILE_BYTES / 1048576} MB can be imported.`);
  }
  return readModelFile(await file.text());
}

/** @param {unknown} v */
const finiteList = (v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/**
 * Version 1's params gave each layer ahead of batch norm a bias, which batch norm subtracts
 * again: as the engine's model file loader does (docs/model-format.md), the bias is dropped
 * and subtracted from the layer's running mean, so the outputs stay the same.
 * @param {any} doc a version 1 file with finite params and bnState
 * @returns {{params: number[], bnState: number[] | null}}
 */
function fromVersion1(doc) {
  /** @type {any[]} */
  const layers = Array.isArray(doc.layers) ? doc.layers : [];
  if (!layers.some((l) => l?.gamma >= 0)) return { params: doc.params, bnState: doc.bnState ?? null };
  const params = [], bnState = doc.bnState ? [...doc.bnState] : null;
  const bad = () => new Error('Import: the layers of this version 1 file do not match its "params".');
  let used = 0;
  /** @param {number} from  @param {number} n  @param {number[]} list */
  const fits = (from, n, list) => Number.isInteger(from) && Number.isInteger(n) && from >= 0 && n >= 0 &&
    from + n <= list.length;
  /** @param {number} from  @param {number} n  @returns {number[]} */
  const take = (from, n) => {
    if (!fits(from, n, doc.params)) throw bad();
    used += n;
    return doc.params.slice(from, from + n);
  };
  for (const l of layers) {
    params.push(...take(l.w, l.in * l.out));
    const b = take(l.b, l.out);
    if (!(l.gamma >= 0)) { params.push(...b); continue; }
    params.push(...take(l.gamma, l.out), ...take(l.beta, l.out));
    if (!bnState) continue;
    if (!fits(l.mean, l.out, bnState)) throw bad();
    // In float32, as the engine holds it and as its own loader subtracts.
    b.forEach((v, j) => { bnState[l.mean + j] = Math.fround(bnState[l.mean + j] - v); });
  }
  if (used !== doc.params.length) throw bad();
  if (bnState && !finiteList(bnState))
    throw new Error('Import: a running mean of this version 1 file is out of range once its bias is taken off.');
  return { params, bnState };
}

/**
 * @param {string} text
 * @returns {{state: import('./settings.js').State, params: number[], bnState: number[] | null, warnings: string[]}}
 *   bnState null: the file predates running statistics in the file; the network keeps fresh ones
 * @throws {Error} with a message for the page when the file cannot be used at all
 */
export function readModelFile(text) {
  let doc;
  try { doc = JSON.parse(text); } catch (e) { throw new Error(`Import: not a JSON file (${e.message}).`); }
  if (!doc || doc.format !== FORMAT)
    throw new Error(`Import: not an nnplay model file (format ${JSON.stringify(doc?.format)}, expected "${FORMAT}").`);
  if (doc.version !== VERSION && doc.version !== 1)
    throw new Error(`Import: model file version ${JSON.stringify(doc.version)}; this page reads versions 1 and ${VERSION}.`);
  if (typeof doc.settings !== 'string') throw new Error('Import: the file has no settings.');
  if (!finiteList(doc.params)) throw new Error('Import: "params" must be a list of finite numbers.');
  if (doc.bnState !== undefined && !finiteList(doc.bnState))
    throw new Error('Import: "bnState" (batch norm\'s running statistics) must be a list of finite numbers.');
  const { state, errors } = parse(doc.settings);
  if (state.perceptron) throw new Error('Import: the file describes perceptron mode, which has no network weights.');
  const warnings = errors.map((e) => `Import: ${e}`);
  const { params, bnState } = doc.version === 1 ? fromVersion1(doc) : { params: doc.params, bnState: doc.bnState ?? null };
  if (bnState === null && state.batchnorm) {
    warnings.push('Import: the file has no batch-norm running statistics (it was saved by an older page); ' +
      'predictions use fresh ones (mean 0, variance 1) until the network trains again.');
  }
  return { state, params, bnState, warnings };
}
