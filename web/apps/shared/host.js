// host.js — the worker's side of the real-data pages' protocol, in the shape of the
// playground's worker/host.js: one switch on msg.type whose default throws, every request
// answered by a reply echoing its id, training in short slices with a yield between them so
// `pause` and the digit pad's `predict` get through at once, and at most one snapshot per
// acknowledged frame. Loading progress goes out as {type: 'data', kind: 'progress'} messages.
// A page can add requests of its own (the CSV page reads and encodes the user's file here).

import { Trainer } from './trainer.js';
import { readNnds } from './nnds.js';
import { fetchGz } from './fetch-gz.js';
import { channelScheduler, serveInOrder } from '../../worker/serve.js';

const SLICE_MS = 15;
const PROGRESS_MS = 80; // loading progress messages at most this often

/**
 * A page's own requests (the CSV page's reading and encoding) extend the protocol: more[type]
 * answers msg with `host` at hand: host.setData(data) stops training and hands the worker a
 * new matrix, host.progress(kind) makes a throttled reporter of {type: 'data', kind, ...}.
 * @typedef {{setData: (data: any) => void, progress: (kind: string) => (fields: object, last?: boolean) => void}} HostApi
 * @param {{postMessage: Function, onmessage: any}} scope the worker global
 * @param {(source: any) => Promise<any>} loadEngine
 * @param {Record<string, (msg: any, host: HostApi) => any>} [more]
 */
export function createHost(scope, loadEngine, more = {}) {
  let trainer = null;
  let playing = false, looping = false, credit = 1, dirty = false;
  const post = (msg, transfer = []) => scope.postMessage(msg, transfer);
  const schedule = channelScheduler();

  /** Posts {type: 'data', kind, ...fields} at most every PROGRESS_MS, and always when `last`. */
  function progress(kind) {
    let at = -Infinity;
    return (fields, last = false) => {
      const t = performance.now();
      if (t - at < PROGRESS_MS && !last) return;
      at = t;
      post({ type: 'data', kind, ...fields });
    };
  }
  const hostApi = {
    setData(data) { playing = false; need().setData(data); },
    progress,
  };

  function flush() {
    if (credit > 0 && dirty && trainer?.net) {
      credit--;
      dirty = false;
      const { msg, transfer } = trainer.snapshot(playing);
      post(msg, transfer);
    }
  }

  function loop() {
    looping = false;
    if (!playing) return;
    let ev = null;
    try {
      ev = trainer.runFor(SLICE_MS);
    } catch (e) {
      ev = { reason: 'error', message: e.message };
    }
    if (ev) {
      playing = false;
      post({ type: 'stopped', reason: ev.reason, message: ev.message });
    }
    dirty = true;
    flush();
    if (playing) { looping = true; schedule(loop); }
  }

  function need() {
    if (!trainer) throw new Error("worker: send 'init' first");
    return trainer;
  }

  /** Fetches, inflates and reads an NNDS file; returns what the page needs to draw it. */
  async function load(msg) {
    const report = progress('progress');
    const buf = await fetchGz(msg.url, msg.gzBytes ?? 0, (loaded, total) => report({ loaded, total }, loaded >= total));
    const d = readNnds(buf);
    const classes = d.task === 'classify' ? d.labelNames.length : 0;
    need().setData({ ...d, xScale: d.x instanceof Uint8Array ? 1 / 255 : 1, classes });
    const f = d.features;
    return {
      task: d.task, nTrain: d.nTrain, nTest: d.nTest, features: f, targets: d.targets, classes,
      featureNames: d.featureNames, labelNames: d.labelNames, stats: d.stats, y: d.y,
      // the test rows themselves only when the page shows them (MNIST's gallery)
      testX: msg.wantTestX ? d.x.slice(d.nTrain * f) : null,
    };
  }

  async function handle(msg) {
    switch (msg.type) {
      case 'init':
        trainer = new Trainer(await loadEngine(msg.wasm));
        return {};
      case 'load':
        playing = false;
        return load(msg);
      case 'configure':
        playing = false;
        try { need().configure(msg.settings); } finally { dirty = true; flush(); }
        return { spec: trainer.net.spec, params: trainer.net.paramCount };
      case 'play':
        if (!need().net) throw new Error("worker: send 'configure' first");
        if (trainer.done) throw new Error(`Training has finished its ${trainer.epoch} epochs: reset to train again (changing any setting starts again too).`);
        playing = true;
        if (!looping) { looping = true; schedule(loop); }
        return {};
      case 'pause':
        playing = false;
        dirty = true;
        flush();
        return { epoch: trainer?.epoch ?? 0 };
      case 'predict':
        return { out: need().predict(msg.x) };
      case 'ack':
        credit = 1;
        flush();
        return undefined;
      default:
        if (Object.hasOwn(more, msg.type)) return more[msg.type](msg, hostApi);
        throw new Error(`worker: unknown message type '${msg.type}'`);
    }
  }

  // A configure sent while a load is still fetching must run after it, not against no data.
  serveInOrder(scope, handle, post);
}
