// use-bridge.js — starts one worker per mounted playground and stops it on unmount. The
// callbacks are read through a ref so the component can re-render without restarting it.

import { useEffect, useRef } from 'preact/hooks';
import { Bridge } from './bridge.js';

/**
 * @param {{workerUrl: string, wasmUrl: string, initial: object, view: import('./view.js').View,
 *   onReady: (r: any) => void, onStopped: (ev: any) => void, onError: (m: string) => void}} opts
 * @returns {{current: Bridge | null}}
 */
export function useBridge(opts) {
  const bridge = useRef(null);
  const latest = useRef(opts);
  latest.current = opts;
  useEffect(() => {
    const { workerUrl, wasmUrl, initial, view } = latest.current;
    const b = new Bridge(workerUrl, {
      onFrame: (snap) => view.onFrame(snap),
      onData: (d) => view.onData(d),
      onStopped: (ev) => latest.current.onStopped(ev),
      onCrash: (m) => latest.current.onError(m),
    });
    bridge.current = b;
    b.request('init', { wasm: String(wasmUrl), state: initial })
      .then((r) => latest.current.onReady(r), (e) => latest.current.onError(e.message));
    return () => { b.terminate(); bridge.current = null; };
  }, []);
  return bridge;
}
