// handlers.js — the worker's requests, one table for every page: what each type does with
// the session (worker/session.js) and what it answers. host.js runs them in order and speaks
// the protocol; a request a page does not use costs it nothing.

import { createToySource } from './sources/toy.js';
import { openNnds, csvSource } from './sources/table.js';
import { readCsv, encodeTable } from './csv-table.js';
import { readModelBlob } from '../lib/model-file.js';
import { LESSON_HANDLERS } from './lessons.js';

const REMOVE_RADIUS = 0.4; // plane units around a shift-click

/** @typedef {import('./host.js').Host} Host */

/** The source's point editing, where its data are points of the plane. @param {Host} host */
function plane(host) {
  const src = host.session.data();
  if (!('addPoint' in src)) throw new Error('These data are a fixed table: points cannot be added or removed.');
  return /** @type {import('./sources/toy.js').ToySource} */ (src);
}

/** @type {Record<string, (msg: any, host: Host) => any>} */
export const HANDLERS = {
  /** {wasm} loads the engine. */
  async init({ wasm }, host) {
    await host.start(wasm);
    return {};
  },

  /** {source: {kind: 'toy'} | {kind: 'nnds', url, gzBytes, transforms}} the rows to train on;
   * replies with what the page is told of them. A download reports {kind: 'download'}. */
  async open({ source }, host) {
    host.pause();
    const engine = host.engine;
    let src;
    if (source.kind === 'toy') src = createToySource(engine);
    else if (source.kind === 'nnds') {
      const report = host.progress('download');
      src = await openNnds(engine, source, (loaded, total) => report({ loaded, total }, loaded >= total));
    } else throw new Error(`worker: unknown source kind '${source.kind}'`);
    return host.session.open(src);
  },

  /** {state, want}: rebuilds the data and the model where their settings changed. A refused
   * setting is an error reply, and leaves no model until a setting is accepted. */
  config({ state, want }, host) {
    try { return host.session.configure(state, want); } finally { host.changed(); }
  },

  /** {state, fallback}: the settings the engine accepts, and a note for each value it put back. */
  repair: ({ state, fallback }, host) => host.session.repair(state, fallback),

  play(_, host) {
    host.session.model();
    host.play();
    return {};
  },

  pause(_, host) {
    host.pause();
    host.changed();
    return { epoch: host.session.epoch };
  },

  /** One epoch. */
  step(_, host) {
    host.pause();
    const ev = host.session.step();
    host.changed();
    if (ev) host.stop(ev);
    return { epoch: host.session.epoch };
  },

  /** A new model from the weight seed: same seed, same initial weights. */
  reset(_, host) {
    host.pause();
    try { host.session.reset(); } finally { host.changed(); }
    return {};
  },

  gradcheck: (_, host) => host.session.gradcheck(),

  /** {focus: {layer, unit} | null}: the diagram's unit to show large in the output plane. */
  focus({ focus }, host) {
    host.session.setFocus(focus);
    host.changed();
    return {};
  },

  /** {layer, from, to, value}: the weight of one link (layer's W[to][from]); training goes on from it. */
  setWeight({ layer, from, to, value }, host) {
    host.session.setWeight(layer, from, to, value);
    host.changed();
    return {};
  },

  /** {x1, x2, label}: a training point more; the model keeps training. */
  addPoint({ x1, x2, label }, host) {
    plane(host).addPoint(x1, x2, label);
    host.changed();
    return {};
  },

  /** {x1, x2}: the nearest point goes; removed: false when none is near. */
  removePoint({ x1, x2 }, host) {
    const removed = plane(host).removePoint(x1, x2, REMOVE_RADIUS);
    host.changed();
    return { removed };
  },

  /** Samples of every set of the problem type, for the picker's tiles. */
  previews: (_, host) => plane(host).previews(),

  /** {settings}: the model file's contents. */
  export: ({ settings }, host) => host.session.exportModel(settings),

  /** {file}: a model file, read and checked here; a model of its settings takes its weights,
   * with a fresh optimizer. Replies with the settings for the page to show, and the file's
   * warnings; a refusal keeps the current settings, data and model. */
  async import({ file }, host) {
    const { state, params, bnState, warnings } = await readModelBlob(file);
    host.pause();
    try { host.session.importModel(state, params, bnState); } finally { host.changed(); }
    return { state, warnings };
  },

  /** {x, maps}: outputs for rows of inputs (the digit pad), answered between slices; maps: and
   * the image layers' feature maps of the one row x (session.featureMaps). */
  predict: ({ x, maps = false }, host) => ({ out: host.session.predict(x), maps: maps ? host.session.featureMaps(x) : null }),

  /** {file}: reads, checks and describes the learner's CSV; a refused file leaves the last
   * good one. Progress as {kind: 'csv', phase, fraction}. */
  async csvRead({ file }, host) {
    host.pause();
    const { table, cols } = await readCsv(file, host.progress('csv'));
    host.scratch.csv = { table, cols };
    return { name: file.name, rows: table.rows.length, cols };
  },

  /** {target, problem}: encodes the table read last and trains on it from now on; replies
   * with the encoding less its matrices, and what the page is told of the data. */
  csvEncode({ target, problem }, host) {
    const csv = host.scratch.csv;
    if (!csv) throw new Error('worker: read a CSV file first');
    host.pause();
    const report = host.progress('csv');
    const { x, y, ...encoding } = encodeTable(csv.table, csv.cols, {
      target, problem, onProgress: (phase, fraction) => report({ phase, fraction }),
    });
    const info = host.session.open(csvSource(host.engine, { x, y, ...encoding }));
    return { encoding, info };
  },

  ...LESSON_HANDLERS,
};
