// learners/index.js — what the session trains: a network (network.js) or Rosenblatt's
// perceptron (perceptron.js), behind one interface, so the session, the snapshot and the
// protocol never ask which one they hold. Each module says what it cannot do by throwing
// (a perceptron has no gradients to check and no network to export).

import { createNetwork } from './network.js';
import { createPerceptron } from './perceptron.js';

/**
 * @typedef {import('../../engine.js').Engine} Engine
 * @typedef {import('../../engine.js').DataSet} DataSet
 * @typedef {{split: 'train'|'test', first?: number, n?: number, target?: number}} Rows
 * @typedef {{in: number, out: number, w: number, b: number, gamma: number, beta: number,
 *   kind?: string, outShape?: readonly number[]}} LayerInfo  offsets into params(), gamma/beta -1 without
 *   batch norm; a network's layers have their kind and C×H×W out (engine.js Model.layers)
 * @typedef {{reason: string, message: string}} StopEvent
 * @typedef {object} Learner
 * @property {number} outputs  values per prediction
 * @property {number[]} sizes  units per layer, the output last (the diagram's columns)
 * @property {readonly LayerInfo[]} layers
 * @property {number} lr  the rate the next step uses
 * @property {string} lossName  the engine's loss ('bce', 'softmax_ce', 'mse'), or 'perceptron'
 * @property {(spec: Record<string, any>) => {freshOptimizer: boolean}} setTraining  the spec's
 *   training settings from the next step on, the weights kept; throws and changes nothing
 *   for a structural change or a refused value
 * @property {(index: number, value: number) => void} setParam  one parameter (a link's weight)
 * @property {number} steps  optimizer steps (or perceptron epochs) so far
 * @property {() => Float32Array} params
 * @property {(ds: DataSet, rows: Rows, opts: {batch: number, maxSteps: number}) =>
 *   {loss: number, steps: number, epochDone: boolean, stop?: StopEvent | null}} train
 *   trains up to maxSteps batches of the epoch under way; stop: the learner is done
 * @property {(ds: DataSet, rows: Rows) => {loss: number, accuracy: number, r2: number}} evaluate
 * @property {(ds: DataSet, rows: Rows) => Float32Array} predictRows  (n, outputs)
 * @property {(x: Float32Array) => Float32Array} predict  (n, outputs) of raw inputs
 * @property {(x: Float32Array) => Float32Array[]} layerOutputs  every layer's (n, units)
 * @property {(trained: boolean) => number[]} gradNorms  one per layer; NaN before training
 * @property {(loss: number, patience: number) => boolean} trackBest  true: stop now
 * @property {() => void} restoreBest
 * @property {number} bestEpoch  -1 without one
 * @property {(x: Float32Array, y: Float32Array) => {maxRelErr: number, maxGrad: number}} gradcheck
 * @property {() => {spec: object, params: number[], bnState: number[], layers: readonly LayerInfo[]}} exportModel
 * @property {(params: number[], bnState: number[] | null) => Learner} withParams
 *   a fresh learner of the same spec holding these values; throws and leaves this one as it was
 * @property {() => {w: Float32Array, units: number, inputs: number}} firstWeights  layer 1's W
 * @property {() => {layer: number, shape: number[], w: Float32Array}[]} filters  every conv
 *   layer's filters, (outC, inC, k, k) each; none for a dense network
 * @property {() => void} free
 */

/**
 * @param {Engine} engine
 * @param {Record<string, any>} state  the settings (perceptron, lr)
 * @param {Record<string, any>} spec  the engine spec (lib/settings.js toSpec)
 * @param {{task: string}} data
 * @returns {Learner}
 */
export function createLearner(engine, state, spec, data) {
  return state.perceptron ? createPerceptron(engine, spec.inputs, state.lr, data.task) : createNetwork(engine, spec);
}
