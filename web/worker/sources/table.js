// table.js — a fixed table of rows as a source: a real data set read by the engine from its
// NNDS file (MNIST's pixels stay bytes there), or the learner's CSV once encoded. The rows
// never change.

import { taskOf } from './index.js';
import { fetchGz } from '../fetch-gz.js';

/**
 * @param {import('../../engine.js').DataSet} ds
 * @param {boolean[]} [logTargets]
 * @param {number[]} [image]  C×H×W when a row's features are an image (MNIST's 1×28×28)
 * @returns {import('./index.js').Source}
 */
function tableSource(ds, logTargets = [], image = undefined) {
  const task = taskOf(ds.task, ds.classes), classes = task === 'regression' ? 0 : ds.classes;
  if (image && image.reduce((a, b) => a * b, 1) !== ds.features)
    throw new Error(`${ds.name}: an image of ${image.join('×')} is not its ${ds.features} features`);
  return {
    ds, task, classes, inputs: ds.features,
    inputNames: [...ds.featureNames], version: 1, logTargets,
    configure() {},
    shape: () => ({ inputs: ds.features, task, classes, image }),
    info: () => ({
      name: ds.name, task, nTrain: ds.nTrain, nTest: ds.nTest, features: ds.features,
      classes: ds.classes, featureNames: ds.featureNames, classNames: ds.classNames,
      targetNames: ds.targetNames,
    }),
    free: () => ds.free(),
  };
}

/**
 * Downloads an .nnds.gz and opens it in the engine, which checks every field of it.
 * @param {import('../../engine.js').Engine} engine
 * @param {{url: string, gzBytes?: number, transforms?: string[], image?: number[]}} msg
 *   transforms[t]: 'ln' when target t is a logarithm the page shows as its exponential; image:
 *   the C×H×W of a row
 * @param {(loaded: number, total: number) => void} onProgress
 */
export async function openNnds(engine, { url, gzBytes = 0, transforms = [], image }, onProgress) {
  return nndsSource(engine, new Uint8Array(await fetchGz(url, gzBytes, onProgress)), transforms, image);
}

/**
 * An NNDS file's bytes as a source.
 * @param {import('../../engine.js').Engine} engine
 * @param {Uint8Array} bytes
 * @param {string[]} [transforms]
 * @param {number[]} [image]  C×H×W of a row, for convolutional layers
 */
export function nndsSource(engine, bytes, transforms = [], image = undefined) {
  const ds = engine.openDataset(bytes);
  try {
    return tableSource(ds, transforms.map((t) => t === 'ln'), image);
  } catch (e) {
    ds.free();
    throw e;
  }
}

/**
 * The learner's CSV, encoded (worker/csv-table.js), as an engine DataSet.
 * @param {import('../../engine.js').Engine} engine
 * @param {import('../csv-table.js').Encoded} e
 */
export function csvSource(engine, e) {
  // The encoded inputs are the network's own: statistics 0 and 1; a regression's target keeps
  // the encoder's, so its values can be shown as the file had them.
  const stats = e.targetStats && [...Array.from({ length: e.features }, () => [0, 1]).flat(), e.targetStats.mean, e.targetStats.std];
  return tableSource(engine.createDataset({
    x: e.x, y: e.y, nTrain: e.nTrain, nTest: e.nTest, features: e.features, classes: e.classes,
    featureNames: e.featureNames, classNames: e.classes ? e.classNames : undefined, name: 'csv', stats: stats ?? undefined,
  }));
}
