// model-file.js — the playground's model file: JSON with the settings (the URL query of
// state.js, so the file restores the whole playground), the engine's normalized spec for
// readers, and the parameters in the engine's flat layout. Reading validates before use.

import { parse } from '../state.js';

export const FORMAT = 'nnplay-model';
export const VERSION = 1;

/** @param {{settings: string, spec: object, features: string[], params: number[], layers: object[], epoch: number}} m */
export function writeModelFile(m) {
  return JSON.stringify({
    format: FORMAT, version: VERSION, epoch: m.epoch, settings: m.settings,
    spec: m.spec, features: m.features, layers: m.layers, params: m.params,
  });
}

/**
 * @param {string} text
 * @returns {{state: Record<string, any>, params: number[], warnings: string[]}}
 * @throws {Error} with a message for the page when the file cannot be used at all
 */
export function readModelFile(text) {
  let doc;
  try { doc = JSON.parse(text); } catch (e) { throw new Error(`Import: not a JSON file (${e.message}).`); }
  if (!doc || doc.format !== FORMAT)
    throw new Error(`Import: not an nnplay model file (format ${JSON.stringify(doc?.format)}, expected "${FORMAT}").`);
  if (doc.version !== VERSION)
    throw new Error(`Import: model file version ${JSON.stringify(doc.version)}; this page reads version ${VERSION}.`);
  if (typeof doc.settings !== 'string') throw new Error('Import: the file has no settings.');
  if (!Array.isArray(doc.params) || !doc.params.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new Error('Import: "params" must be a list of finite numbers.');
  const { state, errors } = parse(doc.settings);
  if (state.perceptron) throw new Error('Import: the file describes perceptron mode, which has no network weights.');
  return { state, params: doc.params, warnings: errors.map((e) => `Import: ${e}`) };
}
