// OutputPanel — the decision boundary (the model's output over the plane) under the data
// points, with the figures of the latest epoch. Pointer: hover reads the output, click adds a
// point of the chosen class, shift-click removes the nearest. Keyboard: the plane is
// focusable; arrows move a cursor, Enter adds, Delete removes.

import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { toPlane } from '../../lib/features.js';
import { formatNumber } from '../../plots/linechart.js';
import { CLASS_COLORS, css } from '../../plots/colors.js';
import { createPlanePlot } from '../../plots/plane.js';
import { ROW, toyClasses } from '../../lib/settings.js';
import { Field } from '../field/index.jsx';
import './style.css';

const STEP = 0.025; // keyboard cursor step, as a fraction of the plane

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function OutputPanel({ ctx }) {
  const { state, update, view, actions } = ctx;
  const heat = useRef(null), dots = useRef(null), hover = useRef(null);
  const testLoss = useRef(null), trainLoss = useRef(null), accuracy = useRef(null);
  const plane = useRef(/** @type {ReturnType<typeof createPlanePlot> | null} */ (null));
  const [label, setLabel] = useState(1);
  const group = useId();
  // the keyboard's cursor while the plane is focused
  const [cursor, setCursor] = useState(/** @type {{fx: number, fy: number} | null} */ (null));
  const k = toyClasses(state);
  const labels = k === 0 ? [-1, 1] : Array.from({ length: k }, (_, i) => i);
  const chosen = labels.includes(label) ? label : labels[labels.length - 1];

  usePlot(view, 'plane', () => {
    const p = plane.current = createPlanePlot(heat.current, dots.current);
    return {
      draw(v) {
        p.draw(v);
        const m = v.last?.meta;
        if (!m) return;
        const metric = m.task === 'regression' ? 'R²' : 'Accuracy';
        testLoss.current.textContent = formatNumber(m.testLoss);
        trainLoss.current.textContent = formatNumber(m.trainLoss);
        accuracy.current.textContent = `${metric} ${formatNumber(m.trainAcc)} train · ${formatNumber(m.testAcc)} test`;
      },
      data: p.data,
    };
  });
  useEffect(() => plane.current?.setDisplay({ showTest: state.show_test, discretize: state.discretize }, view),
    [state.show_test, state.discretize]);

  /** @param {number} fx @param {number} fy */
  const describe = (fx, fy) => {
    const out = plane.current?.outputAt(view, fx, fy);
    const [a, b] = toPlane(fx, fy);
    const at = `(${a.toFixed(2)}, ${b.toFixed(2)})`;
    if (!out) return at;
    if (out.length > 1) return `${at}: ${Array.from(out, (p, c) => `p(class ${c}) ${p.toFixed(2)}`).join(', ')}`;
    return `${at}: ${ctx.task === 'binary' ? `p(class 1) = ${out[0].toFixed(3)}` : `output ${out[0].toFixed(3)}`}`;
  };
  /** @param {MouseEvent & {currentTarget: HTMLElement}} e @returns {[number, number]} */
  const frac = (e) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [(e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height];
  };
  /** @param {number} fx @param {number} fy @param {boolean} remove */
  const act = (fx, fy, remove) => {
    const [x1, x2] = toPlane(fx, fy);
    if (remove) actions.removePoint(x1, x2); else actions.addPoint(x1, x2, chosen);
  };
  /** @param {KeyboardEvent} e */
  const onKey = (e) => {
    const c = cursor ?? { fx: 0.5, fy: 0.5 };
    /** @type {Record<string, number[]>} */
    const moves = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key];
      const next = { fx: clamp(c.fx + dx), fy: clamp(c.fy + dy) };
      setCursor(next);
      hover.current.textContent = describe(next.fx, next.fy);
    } else if (e.key === 'Enter' || e.key === ' ') act(c.fx, c.fy, false);
    else if (e.key === 'Delete' || e.key === 'Backspace') act(c.fx, c.fy, true);
    else return;
    e.preventDefault();
  };

  return (
    <section class="nnp-panel nnp-output" aria-label="Output">
      <h2 class="nnp-h">Output</h2>
      <div class="nnp-figures" aria-live="off">
        <div>{state.perceptron ? 'Test error' : 'Test loss'} <b ref={testLoss} data-testid="test-loss">–</b></div>
        <div>{state.perceptron ? 'Training error' : 'Training loss'} <b ref={trainLoss} data-testid="train-loss">–</b></div>
        <div class="nnp-acc" ref={accuracy} data-testid="accuracy" />
      </div>
      <div class="nnp-plane" tabIndex={0} role="application" data-testid="plane"
        aria-label="The plane: model output and data points. Arrow keys move a cursor, Enter adds a point of the chosen class, Delete removes the nearest point."
        onPointerMove={(e) => { hover.current.textContent = describe(...frac(e)); }}
        onClick={(e) => act(...frac(e), e.shiftKey)}
        onKeyDown={onKey} onFocus={() => setCursor((c) => c ?? { fx: 0.5, fy: 0.5 })} onBlur={() => setCursor(null)}>
        <canvas ref={heat} class="nnp-heat" data-testid="boundary" />
        <canvas ref={dots} class="nnp-dots" />
        {cursor && <div class="nnp-cursor" style={{ left: `${cursor.fx * 100}%`, top: `${cursor.fy * 100}%` }} />}
        <span class="nnp-axis nnp-axis-x">x₁</span><span class="nnp-axis nnp-axis-y">x₂</span>
      </div>
      <div class="nnp-hover" ref={hover} data-testid="hover">Hover the plane to read the output.</div>
      <div class="nnp-addclass" role="radiogroup" aria-label="Class of the points you add">
        <span>Click adds</span>
        {labels.map((c) => (
          <label class="nnp-swatch-label">
            <input type="radio" name={`nnp-class${group}`} checked={c === chosen} onChange={() => setLabel(c)} />
            <span class="nnp-swatch" style={{ background: swatch(c, k) }} />
            {k === 0 ? (c > 0 ? '+1' : '−1') : `class ${c}`}
          </label>
        ))}
        <span class="nnp-note">shift-click removes</span>
      </div>
      <div class="nnp-toggles">
        <Field row={ROW.show_test} value={state.show_test} onChange={(v) => update({ show_test: v })} />
        <Field row={ROW.discretize} value={state.discretize} onChange={(v) => update({ discretize: v })} />
      </div>
    </section>
  );
}

const clamp = (/** @type {number} */ v) => Math.min(1, Math.max(0, v));
const swatch = (/** @type {number} */ c, /** @type {number} */ k) => (k === 0 ? css(CLASS_COLORS[c > 0 ? 1 : 0]) : css(CLASS_COLORS[c % CLASS_COLORS.length]));
