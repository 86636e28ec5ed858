// Pad — the learner draws a digit with mouse, pen or finger (pointer events) and sees the
// network's ten probabilities change as the stroke grows. The drawing is preprocessed like
// MNIST (preprocess.js) and sent to the worker; one prediction is in flight at a time, and
// the newest drawing is sent when it returns.

import { useEffect, useRef, useState } from 'preact/hooks';
import { toMnist } from '../preprocess.js';
import { drawDigit } from '../images.js';
import './style.css';

const SIZE = 280;      // the pad's own pixels (10 per MNIST pixel before the 20/28 box)
const PEN = 20;

/** @param {{predict: (x: Float32Array) => Promise<Float32Array>, enabled: boolean, epoch: number}} props */
export function Pad({ predict, enabled, epoch }) {
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
    if (!drawn.current || !enabled) return;
    if (busy.current) { again.current = true; return; }
    const x = ink();
    if (!x) return;
    drawDigit(preview.current, x, 1);
    busy.current = true;
    const which = drawing.current;
    try {
      const p = await predict(x);
      if (which === drawing.current) { setProbs(p); setError(''); }
    } catch (e) { setError(e.message); }
    busy.current = false;
    if (again.current) { again.current = false; update(); }
  }

  // new weights after an epoch: the same drawing, fresh probabilities
  useEffect(() => { update(); }, [epoch, enabled]);

  function clear() {
    padCtx().clearRect(0, 0, SIZE, SIZE);
    preview.current.getContext('2d').clearRect(0, 0, 28, 28);
    drawn.current = false;
    drawing.current++;
    setProbs(null);
  }

  function at(e) {
    const r = pad.current.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE];
  }
  function down(e) {
    pad.current.setPointerCapture(e.pointerId);
    last.current = at(e);
    stroke(last.current, last.current);
  }
  function move(e) {
    if (!last.current) return;
    const p = at(e);
    stroke(last.current, p);
    last.current = p;
  }
  function up() { last.current = null; }
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
    <div class="nna-pad">
      <div class="nna-pad-left">
        <canvas ref={pad} width={SIZE} height={SIZE} class="nna-pad-canvas" data-testid="pad"
          aria-label="Drawing pad: draw a digit" onPointerDown={down} onPointerMove={move}
          onPointerUp={up} onPointerCancel={up} />
        <div class="nna-pad-row">
          <button type="button" onClick={clear} data-testid="pad-clear">Clear</button>
          <canvas ref={preview} width={28} height={28} class="nna-pad-preview" title="What the network sees: 28×28, centred like MNIST" />
          <span class="nna-muted">what the network sees</span>
        </div>
      </div>
      <div class="nna-pad-bars" data-testid="pad-probs" data-argmax={best}>
        {Array.from({ length: 10 }, (_, d) => {
          const p = probs ? probs[d] : 0;
          return (
            <div class={`nna-pad-bar${d === best ? ' nna-best' : ''}`}>
              <span class="nna-pad-digit">{d}</span>
              <span class="nna-pad-track"><span style={{ width: `${100 * p}%` }} /></span>
              <span class="nna-pad-p">{probs ? `${(100 * p).toFixed(1)} %` : ''}</span>
            </div>
          );
        })}
        {error ? <p class="nna-error" role="alert">The prediction failed: {error}</p> : null}
        {!enabled ? <p class="nna-muted">The pad answers once the network exists.</p>
          : !probs ? <p class="nna-muted">Draw a digit in the box.</p> : null}
      </div>
    </div>
  );
}
