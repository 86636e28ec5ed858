// host.js — the worker's side of the protocol, after sql.js's worker.js: requests {type, id}
// are answered in order by the handler of their type (worker/handlers.js, one table for every
// page), each reply echoing the id with its result, or with the error's message and code.
// While playing it trains in short slices and yields between them, so `pause` gets through at
// once. Frame credit: a snapshot goes out only when the page has acknowledged the previous
// one, which it does once per drawn frame, so at most one is ever outstanding however fast
// training runs. Progress of long work goes out as {type: 'progress', kind, ...}, throttled.

import { Session } from './session.js';
import { HANDLERS } from './handlers.js';

const SLICE_MS = 12;     // training between yields; well under a frame
const PROGRESS_MS = 80;  // progress messages at most this often

/**
 * What a handler may do besides answering.
 * @typedef {object} Host
 * @property {(wasm: any) => Promise<void>} start  loads the engine, with an empty session
 * @property {import('../engine.js').Engine} engine
 * @property {Session} session
 * @property {() => void} play
 * @property {() => void} pause
 * @property {(ev: {reason: string, message: string}) => void} stop  pauses and tells the page why
 * @property {() => void} changed  the picture changed: a snapshot when the page is ready
 * @property {(kind: string) => (fields: object, last?: boolean) => void} progress
 * @property {Record<string, any>} scratch  state a group of handlers keeps between requests
 */

/**
 * @param {{postMessage: Function, onmessage: any}} scope  the worker global (or a test double):
 *   postMessage(msg, transfer)
 * @param {(source: any) => Promise<import('../engine.js').Engine>} loadEngine
 * @param {(fn: () => void) => void} [schedule] runs fn soon, after pending messages
 */
export function createHost(scope, loadEngine, schedule = channelScheduler()) {
  /** @type {Session | null} */
  let session = null;
  let playing = false, looping = false;
  let waitingFrame = false; // pace 'frame': the next epoch waits for the page's next ack
  let credit = 1, dirty = false, dataSent = -1;

  /** @param {any} msg @param {Transferable[]} [transfer] */
  const post = (msg, transfer = []) => scope.postMessage(msg, transfer);

  function flush() {
    if (!session?.source) return;
    const points = session.source.points;
    if (points && session.dataVersion !== dataSent) {
      dataSent = session.dataVersion;
      const p = points();
      post({ type: 'data', ...p, version: dataSent }, [p.x.buffer, p.y.buffer]);
    }
    if (credit > 0 && dirty && session.ready) {
      credit--;
      dirty = false;
      const { msg, transfer } = session.snapshot(playing);
      post(msg, transfer);
    }
  }

  function loop() {
    looping = false;
    if (!playing) return;
    const oneEpoch = session.state.pace === 'frame';
    try {
      const ev = oneEpoch ? session.step() : session.runFor(SLICE_MS);
      if (ev) host.stop(ev);
    } catch (e) {
      host.stop({ reason: 'error', message: e.message });
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

  /** @type {Host} */
  const host = {
    async start(wasm) { session = new Session(await loadEngine(wasm)); },
    get engine() { return host.session.engine; },
    get session() {
      if (!session) throw new Error("worker: send 'init' first");
      return session;
    },
    play() { playing = true; resume(); },
    pause() { playing = false; },
    stop(ev) {
      playing = false;
      post({ type: 'stopped', reason: ev.reason, message: ev.message });
    },
    changed() { dirty = true; flush(); },
    progress(kind) {
      let at = -Infinity;
      return (fields, last = false) => {
        const t = performance.now();
        if (t - at < PROGRESS_MS && !last) return;
        at = t;
        post({ type: 'progress', kind, ...fields });
      };
    },
    scratch: {},
  };

  /** The page drew the last snapshot: the next may go (no reply). */
  function ack() {
    credit = 1;
    flush();
    if (playing && waitingFrame) resume();
  }

  serveInOrder(scope, (/** @type {{type: string}} */ msg) => {
    if (!Object.hasOwn(HANDLERS, msg.type)) throw new Error(`worker: unknown message type '${msg.type}'`);
    return HANDLERS[msg.type](msg, host);
  }, ack, post);
}

/**
 * Answers the worker's messages one at a time, in order (a 'config' sent while 'init' still
 * loads the engine waits for it), each reply echoing the request's id; 'ack' gets no reply.
 * @param {{onmessage: any}} scope
 * @param {(msg: any) => any} handle
 * @param {() => void} ack
 * @param {(msg: any) => void} post
 */
function serveInOrder(scope, handle, ack, post) {
  /** @param {{type: string, id: number}} msg */
  const answer = async (msg) => {
    if (msg.type === 'ack') { ack(); return; }
    try {
      const result = await handle(msg);
      post({ type: 'reply', id: msg.id, result });
    } catch (err) {
      // Every refusal has a code: the engine's, a malformed file's, else a refused request.
      post({ type: 'reply', id: msg.id, error: err?.message ?? String(err), code: err?.code ?? 'NN_ERR_ARG' });
    }
  };
  let queue = Promise.resolve();
  scope.onmessage = (/** @type {MessageEvent} */ e) => { queue = queue.then(() => answer(e.data)); };
}

/** Yields to the event loop without setTimeout's 4 ms clamp on nested timers. */
export function channelScheduler() {
  const ch = new MessageChannel();
  /** @type {(() => void) | null} */
  let queued = null;
  ch.port1.onmessage = () => { const fn = queued; queued = null; fn(); };
  return (/** @type {() => void} */ fn) => { queued = fn; ch.port2.postMessage(null); };
}
