// use-plot.js — the bridge between a component's canvas and the view: builds the plot object
// once the canvas exists, attaches it to the view under `name`, detaches on unmount.

import { useEffect } from 'preact/hooks';

/**
 * @param {import('./view.js').View} view
 * @param {string} name
 * @param {() => import('./view.js').Plot} make called after mount
 */
export function usePlot(view, name, make) {
  useEffect(() => view.attach(name, make()), [view, name]);
}
