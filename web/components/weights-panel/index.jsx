// WeightsPanel — the first layer's incoming weights, one 28×28 tile per hidden unit (up to
// 256), redrawn after every epoch. By default each tile shows what training changed (weights
// minus their initial values): the random start dominates the raw weights for many epochs,
// and the border pixels, always 0 in MNIST, never change from it. A switch shows the raw ones.

import { useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { drawWeights } from '../../plots/digits.js';
import { SIDE } from '../../lib/preprocess.js';
import { Panel } from '../panel/index.jsx';
import './style.css';

const MAX_TILES = 256;

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function WeightsPanel({ ctx }) {
  const canvas = useRef(null), note = useRef(null);
  const [raw, setRaw] = useState(false);
  const rawRef = useRef(raw);
  const start = useRef({ run: -1, w: null });  // the run's initial weights (its epoch-0 results)
  const shown = useRef(null);                  // the last results drawn, to redraw on the switch

  function paint() {
    const { run, epoch, shape: [units, inputs], w } = shown.current;
    if (inputs !== SIDE * SIDE) return;
    const n = Math.min(units, MAX_TILES);
    const init = start.current.run === run ? start.current.w : null;
    const delta = !rawRef.current && init && epoch > 0;
    drawWeights(canvas.current, delta ? w.map((/** @type {number} */ x, /** @type {number} */ i) => x - init[i]) : w, n);
    note.current.textContent = `${n} of ${units} units of layer 1` +
      (delta ? `: the change since initialization, after epoch ${epoch}` : `: the weights after epoch ${epoch}`) +
      '; blue positive, orange negative, each tile on its own scale.';
  }

  usePlot(ctx.view, 'weights', () => ({
    draw(v) {
      const r = v.results;
      if (!r?.arrays.weights || shown.current?.meta === r.meta) return;
      const now = { meta: r.meta, run: v.run, epoch: r.meta.epoch, shape: r.meta.weightsShape, w: r.arrays.weights.slice() };
      if (now.epoch === 0) start.current = { run: v.run, w: now.w };
      shown.current = now;
      paint();
    },
  }));

  return (
    <Panel title="First-layer weights" span="wide">
      <div class="nnp-weights">
        <label>
          <input type="checkbox" checked={raw} data-testid="weights-raw" onChange={(e) => {
            rawRef.current = e.currentTarget.checked;
            setRaw(rawRef.current);
            if (shown.current) paint();
          }} />
          raw weights (off: the change since initialization)
        </label>
        <canvas ref={canvas} data-testid="weights" role="img" aria-label="First-layer weights as 28×28 images" />
        <p ref={note} class="nnp-note">Appears once the network exists.</p>
      </div>
    </Panel>
  );
}
