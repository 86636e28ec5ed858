// MapsPanel — what the CNN makes of the digit drawn on the pad, layer by layer (after CNN
// Explainer): every conv and pooling layer's feature maps, from the engine's activations
// (worker/session.js featureMaps), redrawn as the drawing changes and after every epoch.
// Clicking a map shows it enlarged, with its place in the network.

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { drawTiles, drawDigit } from '../../plots/digits.js';
import { SIDE } from '../../lib/preprocess.js';
import { Panel } from '../panel/index.jsx';
import './style.css';

const COLS = 8;       // maps a row
const KIND = { conv: 'convolution', maxpool: 'max pooling', avgpool: 'average pooling' };

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function MapsPanel({ ctx }) {
  const [digit, setDigit] = useState(/** @type {import('../../lib/view.js').View['digit']} */ (null));
  const [picked, setPicked] = useState(/** @type {{layer: number, map: number} | null} */ (null));
  const canvases = useRef(/** @type {HTMLCanvasElement[]} */ ([]));
  const big = useRef(null), input = useRef(null);

  usePlot(ctx.view, 'maps', () => ({ draw() {}, digit: (v) => setDigit(v.digit) }));

  const maps = digit?.maps ?? [];
  const at = picked && maps.findIndex((m) => m.layer === picked.layer);
  const chosen = picked && at >= 0 && picked.map < maps[at].shape[0] ? { ...maps[at], map: picked.map } : null;
  // Drawn once Preact has placed this render's canvases, before the browser paints them: an
  // undrawn canvas would show for a frame at its default 300×150.
  useLayoutEffect(() => {
    if (input.current && digit) drawDigit(input.current, digit.x, 1);
    maps.forEach(({ shape: [C, H, W], maps: a }, i) => {
      if (canvases.current[i]) drawTiles(canvases.current[i], a, C, H, W, Math.min(C, COLS));
    });
    if (big.current && chosen) {
      const [, H, W] = chosen.shape;
      drawTiles(big.current, chosen.maps.subarray(chosen.map * H * W, (chosen.map + 1) * H * W), 1, H, W, 1);
    }
  }, [digit, picked]);

  /** The map under a click on layer i's grid. @param {MouseEvent} e @param {number} i */
  function pick(e, i) {
    const { layer, shape: [C, H, W] } = maps[i], c = /** @type {HTMLCanvasElement} */ (e.currentTarget);
    const r = c.getBoundingClientRect();
    const col = Math.floor(((e.clientX - r.left) / r.width) * c.width / (W + 1));
    const row = Math.floor(((e.clientY - r.top) / r.height) * c.height / (H + 1));
    const map = row * Math.min(C, COLS) + col;
    if (map >= 0 && map < C) setPicked({ layer, map });
  }

  return (
    <Panel title="Feature maps of your digit" span="wide" testid="maps-panel">
      {!digit ? <p class="nnp-note">Draw a digit on the pad: each layer's maps of it appear here.</p> : (
        <div class="nnp-maps">
          <div class="nnp-maps-layers">
            <figure class="nnp-maps-layer">
              <figcaption>Input, 1×{SIDE}×{SIDE}</figcaption>
              <canvas ref={input} class="nnp-maps-input" role="img" aria-label="The input the network sees" />
            </figure>
            {maps.map(({ layer, kind, shape: [C, H, W] }, i) => (
              <figure class="nnp-maps-layer">
                <figcaption>Layer {layer + 1}, {KIND[/** @type {keyof KIND} */ (kind)] ?? kind}: {C}×{H}×{W}</figcaption>
                <canvas ref={(el) => { canvases.current[i] = el; }} data-testid={`maps-${layer}`} data-maps={C}
                  role="img" aria-label={`Feature maps of layer ${layer + 1}; click one to enlarge it`}
                  title="Click a map to enlarge it" onClick={(e) => pick(e, i)} />
              </figure>
            ))}
          </div>
          <figure class="nnp-maps-big" data-testid="maps-big">
            {chosen ? (
              <>
                <canvas ref={big} role="img" aria-label={`Map ${chosen.map + 1} of layer ${chosen.layer + 1}, enlarged`} />
                <figcaption data-testid="maps-big-caption">
                  Layer {chosen.layer + 1} ({KIND[/** @type {keyof KIND} */ (chosen.kind)] ?? chosen.kind}), map {chosen.map + 1} of {chosen.shape[0]}: {chosen.shape[1]}×{chosen.shape[2]}.
                  {chosen.kind === 'conv' ? ' Its filter slid over the layer below, then ReLU: bright where the filter\'s pattern is.' : ' The largest (or mean) value of each window of the map below: smaller, and it moves less with the stroke.'}
                </figcaption>
              </>
            ) : <figcaption class="nnp-note">Click a map to enlarge it.</figcaption>}
          </figure>
          <p class="nnp-note">Blue positive, orange negative, each map on its own scale; after ReLU a map is white where its filter does not respond.</p>
        </div>
      )}
    </Panel>
  );
}
