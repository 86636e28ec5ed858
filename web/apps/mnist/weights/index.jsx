// Weights — the first layer's incoming weights, one 28×28 tile per hidden unit (up to 256),
// redrawn after every epoch: the strokes and blobs each unit has learned to look for.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../../lib/use-plot.js';
import { drawWeights } from '../images.js';
import { SIDE } from '../preprocess.js';
import './style.css';

export const MAX_TILES = 256;

export function Weights({ view }) {
  const canvas = useRef(null), note = useRef(null);
  usePlot(view, 'weights', () => ({
    draw(v) {
      const last = v.last;
      if (!last?.meta.hasResults) return;
      const [units, inputs] = last.meta.w0Shape;
      if (inputs !== SIDE * SIDE) return;
      const shown = Math.min(units, MAX_TILES);
      drawWeights(canvas.current, last.arrays.w0, shown);
      note.current.textContent = `${shown} of ${units} units of layer 1 after epoch ${last.meta.epoch}; ` +
        'blue: positive weight, orange: negative, each tile on its own scale.';
    },
  }));
  return (
    <div class="nna-weights">
      <canvas ref={canvas} data-testid="weights" role="img" aria-label="First-layer weights as 28×28 images" />
      <p ref={note} class="nna-muted">Appears once the network exists.</p>
    </div>
  );
}
