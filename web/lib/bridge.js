// bridge.js — the page's side of the worker protocol (worker/host.js), after Squoosh's
// worker bridge: request() posts {type, id, ...} and resolves with the reply echoing that id,
// or rejects with an Error carrying the worker's message and `code`. Snapshots are decoded
// and drawn in the next animation frame, then acknowledged, which is what limits the worker
// to one snapshot per frame. One bridge per nnplay: nothing shared.
//
// startWorker makes the worker. A page may start a worker only from a script of its own
// origin (Chromium throws a SecurityError for any other URL), and an embedded nnplay's
// worker.js sits beside its module, on the nnplay host: from another origin a one-line module
// at a blob: URL, which is the page's own, imports it, an ordinary CORS fetch.

import { decodeSnapshot } from './snapshot.js';

const MIN_FRAME_MS = 30;

/**
 * A module worker running `url`, from whatever origin it is served.
 * @param {string} url  absolute
 * @returns {{worker: Worker, hint: string}} hint: what to check when it cannot start
 */
export function startWorker(url) {
  if (new URL(url).origin === location.origin) return { worker: new Worker(url, { type: 'module' }), hint: '' };
  const boot = URL.createObjectURL(new Blob([`import ${JSON.stringify(url)};`], { type: 'text/javascript' }));
  const worker = new Worker(boot, { type: 'module' });
  // The blob is needed only until the worker has read it: its first message or its failure.
  const done = () => URL.revokeObjectURL(boot);
  worker.addEventListener('message', done, { once: true });
  worker.addEventListener('error', done, { once: true });
  return {
    worker,
    hint: ` (${url} from another origin: the nnplay host must send Access-Control-Allow-Origin, ` +
      'and the page\'s Content-Security-Policy must allow blob: and that origin in worker-src)',
  };
}

export class Bridge {
  /**
   * @param {{worker: Worker, hint?: string}} started  startWorker's
   * @param {{onFrame: (snap: any) => void, onData: (d: any) => void, onProgress: (p: any) => void,
   *   onStopped: (ev: {reason: string, message: string}) => void, onCrash: (message: string) => void}} on
   */
  constructor({ worker, hint = '' }, on) {
    this.on = on;
    this.nextId = 1;
    this.waiting = new Map();
    this.latest = null;
    this.frame = 0;
    this.frames = 0; // snapshots drawn, for the readout and tests
    this.lastDraw = -Infinity;
    this.worker = worker;
    this.worker.onmessage = (e) => this.receive(e.data);
    this.dead = ''; // why the worker was stopped, once it was
    this.worker.onerror = (e) => {
      e.preventDefault?.();
      // An error that escaped the worker's own handling leaves its state unknown: it is
      // stopped, and every request, waiting or still to come, fails with the reason, so no
      // caller waits forever for a reply.
      const why = `The training worker failed: ${e.message || `it could not start${hint}`}.`;
      this.terminate(why);
      on.onCrash(why);
    };
  }

  /**
   * @param {string} type
   * @param {Record<string, any>} [payload]
   * @returns {Promise<any>} the reply's result; rejects with the worker's error
   */
  request(type, payload = {}) {
    if (this.dead) return Promise.reject(new Error(this.dead));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...payload, type, id });
    });
  }

  /** @param {any} msg  a message from the worker (worker/host.js): its type says the rest */
  receive(msg) {
    if (this.dead) return;
    switch (msg.type) {
      case 'reply': {
        const w = this.waiting.get(msg.id);
        if (!w) throw new Error(`bridge: reply to unknown request ${msg.id}`);
        this.waiting.delete(msg.id);
        if (msg.error !== undefined) w.reject(Object.assign(new Error(msg.error), { code: msg.code })); else w.resolve(msg.result);
        break;
      }
      case 'snapshot':
        this.latest = msg;
        if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
        break;
      case 'data':
        this.on.onData(msg);
        break;
      case 'progress':
        this.on.onProgress(msg);
        break;
      case 'stopped':
        this.on.onStopped(msg);
        break;
      default:
        throw new Error(`bridge: unknown message type '${msg.type}'`);
    }
  }

  draw() {
    // Curves and heat maps read fine at 30 frames a second; drawing every 60 Hz frame would
    // double the main thread's canvas work for nothing a learner can see.
    if (performance.now() - this.lastDraw < MIN_FRAME_MS) {
      this.frame = requestAnimationFrame(() => this.draw());
      return;
    }
    this.lastDraw = performance.now();
    this.frame = 0;
    const msg = this.latest;
    this.latest = null;
    try {
      if (msg) { this.frames++; this.on.onFrame(decodeSnapshot(msg)); }
    } finally {
      this.worker.postMessage({ type: 'ack' });
    }
  }

  /** Stops the worker; requests still waiting, and any made later, fail with `why`. */
  terminate(why = 'the page was closed') {
    this.dead ||= why;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new Error(why));
    this.waiting.clear();
  }
}
