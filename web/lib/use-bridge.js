// use-bridge.js — starts one worker per mounted nnplay, hands its frames and points to the
// view, and stops it on unmount. The callbacks are read through a ref so the component can
// re-render without restarting the worker; `start` runs once the bridge exists.

import { useEffect, useRef } from 'preact/hooks';
import { Bridge, startWorker } from './bridge.js';

/**
 * @param {{workerUrl: string, view: import('./view.js').View, start: (b: Bridge) => void,
 *   onProgress: (p: any) => void, onStopped: (ev: {reason: string, message: string}) => void,
 *   onCrash: (m: string) => void}} opts
 * @returns {{current: Bridge | null}}
 */
export function useBridge(opts) {
  const bridge = useRef(/** @type {Bridge | null} */ (null));
  const latest = useRef(opts);
  latest.current = opts;
  useEffect(() => {
    const { workerUrl, view } = latest.current;
    const b = new Bridge(startWorker(workerUrl), {
      onFrame: (snap) => view.onFrame(snap),
      onData: (d) => view.onData(d),
      onProgress: (p) => latest.current.onProgress(p),
      onStopped: (ev) => latest.current.onStopped(ev),
      onCrash: (m) => latest.current.onCrash(m),
    });
    bridge.current = b;
    latest.current.start(b);
    return () => { b.terminate(); bridge.current = null; };
  }, []);
  return bridge;
}
