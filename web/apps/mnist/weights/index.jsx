// Weights — the first layer's incoming weights, one 28×28 tile per hidden unit (up to 256),
// redrawn after every epoch. By default each tile shows what training changed (weights minus
// their initial values): the random start dominates the raw weights for many epochs, and
// the border pixels, always 0 in MNIST, never change from it. A switch shows the raw weights.

import { useRef, useState } from 'preact/hooks';
import { usePlot } from '../../../lib/use-plot.js';
import { drawWeights } from '../images.js';
import { SIDE } from '../preprocess.js';
import './style.css';

export const MAX_TILES = 256;

export function Weights({ view }) {
  const canvas = useRef(null), note = useRef(null);
  const [raw, setRaw] = useState(false);
  const rawRef = useRef(raw);
  rawRef.current = raw;
  const start = useRef({ run: -1, w0: null });   // the run's initial weights (its epoch-0 results)
  const shown = useRef(null);                     // the last results drawn, to redraw on the switch

  function paint(meta, w0) {
    const [units, inputs] = meta.w0Shape;
    if (inputs !== SIDE * SIDE) return;
    const n = Math.min(units, MAX_TILES);
    const init = start.current.run === meta.run ? start.current.w0 : null;
    const delta = !rawRef.current && init && meta.epoch > 0;
    drawWeights(canvas.current, delta ? w0.map((w, i) => w - init[i]) : w0, n);
    note.current.textContent = `${n} of ${units} units of layer 1 ` +
      (delta ? `: the change since initialization, after epoch ${meta.epoch}` : `: the weights after epoch ${meta.epoch}`) +
      '; blue positive, orange negative, each tile on its own scale.';
  }

  usePlot(view, 'weights', () => ({
    draw(v) {
      const last = v.last;
      if (!last?.meta.hasResults) return;
      if (last.meta.epoch === 0) start.current = { run: last.meta.run, w0: last.arrays.w0.slice() };
      shown.current = { meta: last.meta, w0: last.arrays.w0.slice() };
      paint(shown.current.meta, shown.current.w0);
    },
  }));

  return (
    <div class="nna-weights">
      <label class="nna-set-bool">
        <input type="checkbox" checked={raw} data-testid="weights-raw" onChange={(e) => {
          rawRef.current = e.currentTarget.checked;
          setRaw(rawRef.current);
          if (shown.current) paint(shown.current.meta, shown.current.w0);
        }} />
        raw weights (off: the change since initialization)
      </label>
      <canvas ref={canvas} data-testid="weights" role="img" aria-label="First-layer weights as 28×28 images" />
      <p ref={note} class="nna-muted">Appears once the network exists.</p>
    </div>
  );
}
