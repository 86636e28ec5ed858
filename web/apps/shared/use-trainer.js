// use-trainer.js — a real-data page's handle on its worker: starts one worker per page (the
// playground's Bridge, so the frame/ack discipline is the same), loads a data set into it
// with a progress figure (or, on the CSV page, reads and encodes the user's file there), and
// turns the replies into Preact state. Per-frame data go to the
// View (web/lib/view.js) and from there to the plots, never through component state.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Bridge } from '../../lib/bridge.js';
import { View } from '../../lib/view.js';

/**
 * @typedef {object} TrainerState
 * @property {'starting'|'loading'|'ready'|'error'} phase
 * @property {number} loaded   compressed bytes received
 * @property {number} total
 * @property {any} info        the loaded set (worker/host.js load's reply), or null
 * @property {boolean} playing
 * @property {boolean} configured
 * @property {string} message  the last stop or error message
 * @property {string} error    what went wrong, for the page's alert
 * @property {{phase: string, fraction: number} | null} work  the CSV worker's reading or encoding
 */

/** @param {string} [workerPath]  the worker bundle, relative to the page */
export function useTrainer(workerPath = 'apps/shared/worker.js') {
  const view = useMemo(() => new View(), []);
  const bridge = useRef(/** @type {Bridge | null} */ (null));
  const ready = useRef(/** @type {Promise<any> | null} */ (null));
  /** The loaded set, for plots whose closures outlive a render. */
  const infoRef = useRef(null);
  const [state, setState] = useState(/** @type {TrainerState} */ ({
    phase: 'starting', loaded: 0, total: 0, info: null, playing: false, configured: false, message: '', error: '', work: null,
  }));
  const patch = (p) => setState((s) => ({ ...s, ...p }));

  useEffect(() => {
    const b = new Bridge(new URL(workerPath, document.baseURI), {
      onFrame: (snap) => view.onFrame(snap),
      onData: (d) => {
        if (d.kind === 'progress') patch({ phase: 'loading', loaded: d.loaded, total: d.total });
        if (d.kind === 'csv') patch({ work: { phase: d.phase, fraction: d.fraction } });
      },
      onStopped: (ev) => patch({ playing: false, message: ev.message }),
      onCrash: (m) => patch({ phase: 'error', playing: false, error: m }),
    });
    bridge.current = b;
    ready.current = b.request('init', { wasm: new URL('nnplay.wasm', document.baseURI).href });
    ready.current.catch((e) => patch({ phase: 'error', error: `The engine did not start: ${e.message}` }));
    return () => { b.terminate(); bridge.current = null; };
  }, []);

  /** Sends a request once the engine is up; a refusal becomes the page's message. */
  async function request(type, payload = {}) {
    await ready.current;
    return bridge.current.request(type, payload);
  }

  const api = {
    view, state, request, infoRef,
    /** Fetches data/<name>.json, the set's description (handed to onDescription as soon as it
     * is in), then downloads the .nnds.gz it names into the worker. Resolves to the worker's
     * reply, or null when either step failed (then phase is 'error', with the reason). */
    async loadSet(name, { wantTestX = false, onDescription = () => {} } = {}) {
      patch({ phase: 'loading', loaded: 0, total: 0, info: null, configured: false });
      let title = name;
      try {
        const desc = await fetchDescription(name);
        title = desc.title;
        onDescription(desc);
        patch({ total: desc.gz_bytes });
        const info = await request('load', { url: new URL(`data/${desc.gz}`, document.baseURI).href, gzBytes: desc.gz_bytes, wantTestX });
        api.useData(info);
        return info;
      } catch (e) {
        patch({ phase: 'error', playing: false, error: `Loading ${title} failed: ${e.message}` });
        return null;
      }
    },
    /** What the page knows of the data the worker trains on (null: nothing it shows), as
     * state.info for rendering and infoRef for the plots' closures. */
    useData(info) {
      infoRef.current = info;
      patch({ phase: 'ready', info, configured: false, playing: false, message: '', error: '' });
    },
    /** A request for long work on the data (the CSV page's reading and encoding), after a
     * pause: `work` ({phase, fraction}, the worker's progress) is set meanwhile, which locks
     * play and the settings (TrainPanel) from before the pause on. */
    async busy(type, payload, phase) {
      patch({ work: { phase, fraction: 0 } });
      try {
        await api.pause();
        return await request(type, payload);
      } finally {
        patch({ work: null });
      }
    },
    /** Builds the model; a refused setting leaves the old model and returns the message. */
    async configure(settings) {
      try {
        const r = await request('configure', { settings });
        patch({ configured: true, playing: false, message: '', error: '' });
        return r;
      } catch (e) {
        patch({ playing: false, error: e.message });
        return null;
      }
    },
    async play() {
      try {
        await request('play');
        patch({ playing: true, message: '', error: '' });
      } catch (e) { patch({ error: e.message }); }
    },
    async pause() {
      patch({ playing: false });
      try {
        await request('pause');
      } catch (e) { patch({ error: e.message }); }
    },
  };
  return api;
}

/** Fetches data/<name>.json, the set's description written by `make datasets`. */
async function fetchDescription(name) {
  const res = await fetch(new URL(`data/${name}.json`, document.baseURI));
  if (!res.ok) throw new Error(`data/${name}.json: HTTP ${res.status} (has \`make datasets\` run?)`);
  return res.json();
}
