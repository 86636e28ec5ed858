// FiltersPanel — the learned filters of every conv layer (net.layerParams: PyTorch's
// (outC, inC, k, k)), redrawn after every epoch: one k×k tile per filter and input channel, a
// column per filter and a row per input channel where a layer reads several, each tile on its
// own scale.

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { drawTiles } from '../../plots/digits.js';
import { Panel } from '../panel/index.jsx';
import './style.css';

/** Tiles a row for a layer of one input channel (the first conv reads the grey image). */
const SINGLE_COLS = 8;

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function FiltersPanel({ ctx }) {
  const [shown, setShown] = useState(/** @type {{meta: Record<string, any>, w: Float32Array} | null} */ (null));
  const canvases = useRef(/** @type {HTMLCanvasElement[]} */ ([]));

  usePlot(ctx.view, 'filters', () => ({
    draw(v) {
      const r = v.results;
      if (r?.arrays.filters && r.meta.filters) setShown((s) => (s?.meta === r.meta ? s : { meta: r.meta, w: r.arrays.filters }));
    },
  }));
  /** @type {{layer: number, shape: number[]}[]} */
  const layers = shown?.meta.filters ?? [];
  // Drawn once Preact has placed the canvases of this layer list, before the browser paints
  // them: an undrawn canvas would show for a frame at its default 300×150.
  useLayoutEffect(() => {
    let at = 0;
    layers.forEach(({ shape: [outC, inC, k] }, i) => {
      const n = outC * inC, c = canvases.current[i], w = shown.w.subarray(at, at + n * k * k);
      if (c) drawTiles(c, inC > 1 ? byInput(w, outC, inC, k * k) : w, n, k, k, inC > 1 ? outC : SINGLE_COLS);
      at += n * k * k;
    });
  }, [shown]);

  return (
    <Panel title="Learned filters" testid="filters-panel">
      <div class="nnp-filters">
        {layers.map(({ layer, shape: [outC, inC, k] }, i) => (
          <figure>
            <figcaption>
              Layer {layer + 1}, conv: {outC} filters of {inC > 1 ? `${inC} channels × ` : ''}{k}×{k}
              {inC > 1 ? ' (a column per filter, a row per input channel)' : ''}
            </figcaption>
            <canvas ref={(el) => { canvases.current[i] = el; }} data-testid={`filters-${layer}`} data-filters={outC * inC}
              role="img" aria-label={`Filters of layer ${layer + 1}`} class={inC > 1 ? 'nnp-filters-many' : ''} />
          </figure>
        ))}
        <p class="nnp-note">
          {layers.length ? `After epoch ${shown.meta.epoch}; blue positive, orange negative, each tile on its own scale.` : 'Appear once the network exists.'}
        </p>
      </div>
    </Panel>
  );
}

/**
 * (outC, inC, px) reordered as (inC, outC, px): the tiles of one input channel in a row.
 * @param {Float32Array} w @param {number} outC @param {number} inC @param {number} px
 */
function byInput(w, outC, inC, px) {
  const out = new Float32Array(w.length);
  for (let o = 0; o < outC; o++) for (let i = 0; i < inC; i++) out.set(w.subarray((o * inC + i) * px, (o * inC + i + 1) * px), (i * outC + o) * px);
  return out;
}
