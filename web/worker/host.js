// host.js — the worker's side of the protocol, after sql.js's worker.js: one switch on
// msg.type whose default throws, every request answered by a reply echoing its id. While
// playing it trains in short slices and yields between them so `pause` gets through at once.
// Snapshots go out only when the page has acknowledged the previous one, which it does once
// per animation frame: at most one snapshot per frame, however fast training runs.

import { Session } from './session.js';
import { serveInOrder, channelScheduler } from './serve.js';

const SLICE_MS = 12;     // training between yields; well under a frame
const REMOVE_RADIUS = 0.4; // plane units around a shift-click

/**
 * @param {{postMessage: Function, onmessage: any}} scope the worker global (or a test double)
 * @param {(source: any) => Promise<any>} loadEngine
 * @param {(fn: () => void) => void} [schedule] runs fn soon, after pending messages
 */
export function createHost(scope, loadEngine, schedule = channelScheduler()) {
  let session = null;
  let playing = false, looping = false;
  let waitingFrame = false; // pace 'frame': the next epoch waits for the page's next ack
  let credit = 1, dirty = false, dataSent = -1;

  const post = (msg, transfer = []) => scope.postMessage(msg, transfer);

  function flush() {
    if (!session) return;
    if (session.dataVersion !== dataSent) {
      dataSent = session.dataVersion;
      const p = session.pointsCopy();
      post({ type: 'data', ...p, version: dataSent }, [p.x.buffer, p.y.buffer]);
    }
    if (credit > 0 && dirty && session.hasModel) {
      credit--;
      dirty = false;
      const { msg, transfer } = session.snapshot(playing);
      post(msg, transfer);
    }
  }

  function stop(ev) {
    playing = false;
    post({ type: 'stopped', reason: ev.reason, message: ev.message });
  }

  function loop() {
    looping = false;
    if (!playing) return;
    const oneEpoch = session.state.pace === 'frame';
    try {
      const ev = oneEpoch ? session.epochStep() : session.runFor(SLICE_MS);
      if (ev) stop(ev);
    } catch (e) {
      stop({ reason: 'error', message: e.message });
    }
    dirty = true;
    flush();
    if (!playing) return;
    if (oneEpoch) waitingFrame = true;
    else { looping = true; schedule(loop); }
  }

  function resume() {
    waitingFrame = false;
    if (!looping) { looping = true; schedule(loop); }
  }

  /** Work that changed the picture: draw it as soon as the page is ready. */
  function changed() {
    dirty = true;
    flush();
  }

  function need() {
    if (!session) throw new Error("worker: send 'init' first");
    return session;
  }

  async function handle(msg) {
    switch (msg.type) {
      case 'init': {
        const engine = await loadEngine(msg.wasm);
        session = new Session(engine);
        // A refused setting still leaves a working engine: the page reports it and lets the
        // learner fix it, so init succeeds and carries the refusal along.
        let refused = null;
        try { session.configure(msg.state); } catch (e) { refused = e.message; }
        changed();
        return { fields: engine.specFields(), refused };
      }
      case 'config':
        try { need().configure(msg.state); } finally { changed(); }
        return {};
      case 'play':
        need();
        playing = true;
        resume();
        return {};
      case 'pause':
        playing = false;
        changed();
        return { epoch: session?.epoch ?? 0 };
      case 'step': {
        playing = false;
        const ev = need().epochStep();
        changed();
        if (ev) stop(ev);
        return { epoch: session.epoch };
      }
      case 'reset':
        playing = false;
        try { need().reset(); } finally { changed(); }
        return {};
      case 'gradcheck':
        return need().gradcheck();
      case 'addPoint':
        need().addPoint(msg.x1, msg.x2, msg.label);
        changed();
        return {};
      case 'removePoint': {
        const removed = need().removePoint(msg.x1, msg.x2, REMOVE_RADIUS);
        changed();
        return { removed };
      }
      case 'previews':
        return need().previews();
      case 'export':
        return need().exportModel();
      case 'import':
        playing = false;
        try {
          need().configure(msg.state);
          session.importParams(msg.params, msg.bnState);
        } finally { changed(); }
        return {};
      case 'ack':
        credit = 1;
        flush();
        if (playing && waitingFrame) resume();
        return undefined;
      default:
        throw new Error(`worker: unknown message type '${msg.type}'`);
    }
  }

  serveInOrder(scope, handle, post);
}
