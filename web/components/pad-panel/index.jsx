// PadPanel — the learner draws a digit with mouse, pen or finger (pointer events) and sees the
// network's ten probabilities change as the stroke grows, and again after each epoch. The
// drawing is preprocessed like MNIST (lib/preprocess.js) and sent to the worker; one
// prediction is in flight at a time, and the newest drawing is sent when it returns.

import { useEffect, useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { toMnist } from '../../lib/preprocess.js';
import { drawDigit } from '../../plots/digits.js';
import { Panel } from '../panel/index.jsx';
import './style.css';

const SIZE = 280;      // the pad's own pixels (10 per MNIST pixel before the 20/28 box)
const PEN = 20;

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function PadPanel({ ctx }) {
  const enabled = ctx.ready;
  // Read by update(), which the view's plot also calls: the latest render's, not the first's.
  const latest = useRef({ enabled, ctx });
  latest.current = { enabled, ctx };
  // With the feature-map panel shown, each prediction brings the maps of the drawing too.
  const predict = (/** @type {Float32Array} */ x) => {
    const c = latest.current.ctx;
    return c.request('predict', { x, maps: c.state.model === 'cnn' && c.panels.includes('maps') });
  };
  const pad = useRef(null), preview = useRef(null);
  const [probs, setProbs] = useState(/** @type {Float32Array | null} */ (null));
  const busy = useRef(false), again = useRef(false), last = useRef(null), drawn = useRef(false);
  const drawing = useRef(0);   // bumped by Clear, so a prediction of the old drawing is dropped
  const [error, setError] = useState('');

  // read back after every stroke: keep the pixels on the CPU side
  const padCtx = () => pad.current.getContext('2d', { willReadFrequently: true });

  function ink() {
    const data = padCtx().getImageData(0, 0, SIZE, SIZE).data;
    const out = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < out.length; i++) out[i] = data[4 * i + 3] / 255;
    return toMnist(out, SIZE, SIZE);
  }

  async function update() {
    if (!drawn.current || !latest.current.enabled) return;
    if (busy.current) { again.current = true; return; }
    const x = ink();
    if (!x) return;
    drawDigit(preview.current, x, 1);
    busy.current = true;
    const which = drawing.current;
    try {
      const { out, maps } = await predict(x);
      if (which === drawing.current) {
        setProbs(out);
        setError('');
        latest.current.ctx.view.onDigit({ x, out, maps });
      }
    } catch (e) { setError(e.message); }
    busy.current = false;
    if (again.current) { again.current = false; update(); }
  }

  // new weights after an epoch, or a new model: the same drawing, fresh probabilities
  const epoch = useRef('');
  usePlot(ctx.view, 'pad', () => ({
    draw(v) {
      const e = `${v.last?.meta.run}:${v.last?.meta.epoch}`;
      if (e !== epoch.current) { epoch.current = e; update(); }
    },
  }));
  useEffect(() => { update(); }, [enabled]);

  function clear() {
    padCtx().clearRect(0, 0, SIZE, SIZE);
    preview.current.getContext('2d').clearRect(0, 0, 28, 28);
    drawn.current = false;
    drawing.current++;
    setProbs(null);
    ctx.view.onDigit(null);
  }

  /** @param {PointerEvent} e @returns {[number, number]} */
  function at(e) {
    const r = pad.current.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  }
  /** @param {PointerEvent} e */
  function down(e) {
    pad.current.setPointerCapture(e.pointerId);
    last.current = at(e);
    stroke(last.current, last.current);
  }
  /** @param {PointerEvent} e */
  function move(e) {
    if (!last.current) return;
    const p = at(e);
    stroke(last.current, p);
    last.current = p;
  }
  function up() { last.current = null; }
  /** @param {[number, number]} a @param {[number, number]} b */
  function stroke([ax, ay], [bx, by]) {
    const ctx = padCtx();
    ctx.strokeStyle = '#111';
    ctx.lineWidth = PEN;
    ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(ax, ay);
    ctx.lineTo(bx + 0.01, by);
    ctx.stroke();
    drawn.current = true;
    update();
  }

  let best = -1;
  if (probs) for (let i = 0; i < probs.length; i++) if (best < 0 || probs[i] > probs[best]) best = i;
  return (
    <Panel title="Draw a digit" testid="pad-panel">
      <div class="nnp-pad">
        <div class="nnp-pad-left">
          <canvas ref={pad} width={SIZE} height={SIZE} class="nnp-pad-canvas" data-testid="pad"
            aria-label="Drawing pad: draw a digit" onPointerDown={down} onPointerMove={move}
            onPointerUp={up} onPointerCancel={up} />
          <div class="nnp-pad-row">
            <button type="button" onClick={clear} data-testid="pad-clear">Clear</button>
            <canvas ref={preview} width={28} height={28} class="nnp-pad-preview" title="What the network sees: 28×28, centred like MNIST" />
            <span class="nnp-note">what the network sees</span>
          </div>
        </div>
        <div class="nnp-pad-bars" data-testid="pad-probs" data-argmax={best}>
          {Array.from({ length: 10 }, (_, d) => {
            const p = probs ? probs[d] : 0;
            return (
              <div class={`nnp-pad-bar${d === best ? ' nnp-best' : ''}`}>
                <span class="nnp-pad-digit">{d}</span>
                <span class="nnp-pad-track"><span style={{ width: `${100 * p}%` }} /></span>
                <span class="nnp-pad-p">{probs ? `${(100 * p).toFixed(1)} %` : ''}</span>
              </div>
            );
          })}
          {error ? <p class="nnp-error" role="alert">The prediction failed: {error}</p> : null}
          {!enabled ? <p class="nnp-note">The pad answers once the network exists.</p>
            : !probs ? <p class="nnp-note">Draw a digit in the box.</p> : null}
        </div>
      </div>
    </Panel>
  );
}
