// BackpropPanel — one training step of a 2-2-1 network on one sample, a stage at a time:
// the weighted sums, the activations, the output, the loss, the output delta, the hidden
// deltas, each weight's gradient by the chain rule, then the update. Every number is the
// engine's (worker/lessons.js backpropStep: its trace, gradients and weights); the stage's
// numbers are highlighted on the drawing. "Next" after the update takes the next step.
import { useEffect, useState } from 'preact/hooks';
import { Panel } from '../panel/index.jsx';
import './style.css';

const f = (/** @type {number} */ v) => (Math.abs(v) < 5e-4 && v !== 0 ? v.toExponential(1) : v.toFixed(3));
const fp = (/** @type {number} */ v) => (v < 0 ? `(${f(v)})` : f(v));

const STAGES = ['Weighted sums', 'Activations', 'The output', 'The loss', 'The output delta', 'The hidden deltas',
  'Each weight\'s gradient', 'The update'];

// Where the units sit: inputs, hidden, output.
const POS = [[[44, 62], [44, 178]], [[190, 62], [190, 178]], [[318, 120]]];

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function BackpropPanel({ ctx }) {
  const L = /** @type {any} */ (ctx.preset.lesson);
  const [r, setR] = useState(/** @type {any} */ (null));
  const [stage, setStage] = useState(0);
  const [busy, setBusy] = useState(false); // a step asked for and not yet back: one press, one step
  const step = async (/** @type {boolean} */ reset) => {
    setBusy(true);
    const next = await ctx.send('backpropStep', { spec: L.spec, params: L.params, x: L.x, y: L.y, reset });
    setBusy(false);
    if (next) { setR(next); setStage(0); }
  };
  useEffect(() => { if (ctx.ready && !r) step(true); }, [ctx.ready]);
  const next = () => (stage < STAGES.length - 1 ? setStage(stage + 1) : step(false));
  return (
    <Panel title="One step of backpropagation" span="wide" testid="backprop">
      <div class="nnp-bp">
        {r ? <Drawing r={r} stage={stage} x={L.x} y={L.y} /> : <p class="nnp-note">Starting the engine…</p>}
        <div class="nnp-bp-side">
          <div class="nnp-bp-controls">
            <button type="button" class="nnp-text-btn" onClick={next} disabled={!r || busy} data-testid="bp-next">
              {stage < STAGES.length - 1 ? 'Next' : 'Next step'}
            </button>
            <button type="button" class="nnp-text-btn" onClick={() => step(true)} disabled={!r || busy} data-testid="bp-reset">Start over</button>
            <span class="nnp-note" data-testid="bp-where">{r ? `step ${r.step}, stage ${stage + 1} of ${STAGES.length}` : ''}</span>
          </div>
          {r ? <Explain r={r} stage={stage} x={L.x} y={L.y} /> : null}
        </div>
      </div>
    </Panel>
  );
}

/**
 * A value shown on the drawing, with its full precision for tests and screen readers.
 * @param {{v: number, id: string, x: number, y: number, lit?: boolean, prefix?: string}} props
 */
function Num({ v, id, x, y, lit, prefix = '' }) {
  return <text x={x} y={y} text-anchor="middle" class={lit ? 'nnp-bp-lit' : ''} data-testid={id} data-value={String(v)}>{prefix}{f(v)}</text>;
}

/** Weights of dense layer l from a parameter block: w[j][i] (unit j, input i), b[j]. */
function weights(/** @type {any} */ r, /** @type {number} */ l, /** @type {Float32Array} */ block) {
  const ly = r.layers[l];
  return { w: Array.from({ length: ly.out }, (_, j) => Array.from(block.slice(ly.w + j * ly.in, ly.w + (j + 1) * ly.in))),
    b: Array.from(block.slice(ly.b, ly.b + ly.out)) };
}

/** @typedef {{r: any, stage: number, x: number[], y?: number[]}} StageProps */

/** @param {StageProps} props */
function Drawing({ r, stage, x, y = [] }) {
  const [hidden, out] = r.layers;
  // Which numbers the links carry: the weights, their gradients, then the new weights.
  const block = stage === 6 ? r.grads : stage === 7 ? r.after : r.before;
  const kind = stage === 6 ? 'g' : 'w';
  const forward = stage <= 3;
  return (
    <svg class="nnp-bp-net" viewBox="0 0 380 240" role="img" aria-label={`2-2-1 network, stage: ${STAGES[stage]}`}>
      {[0, 1].map((l) => {
        const { w, b } = weights(r, l, block);
        const lit = stage === 6 || stage === 7 || (l === 0 ? stage === 0 || stage === 5 : stage === 2 || stage === 4);
        return w.map((row, j) => row.map((/** @type {number} */ v, /** @type {number} */ i) => {
          const [x1, y1] = POS[l][i], [x2, y2] = POS[l + 1][j];
          // labels at a third of the way, so the two links into a unit do not collide
          const t = l === 0 ? 0.3 : 0.45, lx = x1 + (x2 - x1) * t, ly = y1 + (y2 - y1) * t - 4;
          return (
            <g>
              <line x1={x1} y1={y1} x2={x2} y2={y2} class={`nnp-bp-link${lit ? ' nnp-bp-on' : ''}`} />
              <Num v={v} id={`bp-${kind}${l + 1}-${j}-${i}`} x={lx} y={ly} lit={lit} />
            </g>
          );
        })).concat(b.map((v, j) => (
          <Num v={v} id={`bp-${kind === 'g' ? 'gb' : 'b'}${l + 1}-${j}`} x={POS[l + 1][j][0]} y={POS[l + 1][j][1] + 38}
            lit={stage === 6 || stage === 7 || stage === (l === 0 ? 0 : 2)} prefix={kind === 'g' ? '∂b ' : 'b '} />
        )));
      })}
      {x.map((v, i) => (
        <g><circle cx={POS[0][i][0]} cy={POS[0][i][1]} r="22" class="nnp-bp-unit" />
          <Num v={v} id={`bp-x-${i}`} x={POS[0][i][0]} y={POS[0][i][1] + 4} />
          <text x={POS[0][i][0]} y={POS[0][i][1] - 28} text-anchor="middle" class="nnp-bp-name">x{i + 1}</text></g>
      ))}
      {[0, 1].map((j) => {
        const [cx, cy] = POS[1][j];
        const v = stage === 0 ? hidden.z[j] : stage === 5 ? hidden.delta[j] : hidden.a[j];
        const what = stage === 0 ? 'z' : stage === 5 ? 'δ' : 'a';
        return (
          <g><circle cx={cx} cy={cy} r="22" class={`nnp-bp-unit${[0, 1, 5].includes(stage) ? ' nnp-bp-on' : ''}`} />
            <Num v={v} id={`bp-h${what === 'δ' ? 'd' : what}-${j}`} x={cx} y={cy + 4} lit={[0, 1, 5].includes(stage)} />
            <text x={cx} y={cy - 28} text-anchor="middle" class="nnp-bp-name">{what}{j + 1}</text></g>
        );
      })}
      {(() => {
        const [cx, cy] = POS[2][0];
        const showing = stage >= 2;
        const v = stage === 4 || stage === 5 ? out.delta[0] : out.a[0];
        const name = stage === 4 || stage === 5 ? 'δ out' : 'ŷ';
        return (
          <g><circle cx={cx} cy={cy} r="22" class={`nnp-bp-unit${[2, 3, 4].includes(stage) ? ' nnp-bp-on' : ''}`} />
            {showing ? <Num v={v} id={name === 'ŷ' ? 'bp-yhat' : 'bp-dout'} x={cx} y={cy + 4} lit={[2, 4].includes(stage)} /> : <text x={cx} y={cy + 4} text-anchor="middle">?</text>}
            <text x={cx} y={cy - 28} text-anchor="middle" class="nnp-bp-name">{showing ? name : 'ŷ'}</text>
            <text x={cx + 28} y={cy + 4} class="nnp-bp-name">y = {y[0]}</text>
            {stage >= 3 && forward ? <Num v={r.loss} id="bp-loss" x={cx} y={cy + 62} lit={stage === 3} /> : null}
            {stage >= 3 && forward ? <text x={cx} y={cy + 46} text-anchor="middle" class="nnp-bp-name">loss</text> : null}
          </g>
        );
      })()}
    </svg>
  );
}

/** @param {StageProps} props */
function Explain({ r, stage, x, y = [] }) {
  const [hidden, out] = r.layers;
  const W1 = weights(r, 0, r.before), W2 = weights(r, 1, r.before);
  const lines = [];
  if (stage === 0) {
    for (let j = 0; j < 2; j++) lines.push(`z${j + 1} = ${W1.w[j].map((w, i) => `${fp(w)}·${fp(x[i])}`).join(' + ')} + ${fp(W1.b[j])} = ${f(hidden.z[j])}`);
  } else if (stage === 1) {
    for (let j = 0; j < 2; j++) lines.push(`a${j + 1} = tanh(z${j + 1}) = tanh(${f(hidden.z[j])}) = ${f(hidden.a[j])}`);
  } else if (stage === 2) {
    lines.push(`z = ${W2.w[0].map((w, i) => `${fp(w)}·${fp(hidden.a[i])}`).join(' + ')} + ${fp(W2.b[0])} = ${f(out.z[0])}`);
    lines.push(`ŷ = σ(z) = 1 / (1 + e^−z) = ${f(out.a[0])}`);
  } else if (stage === 3) {
    lines.push(`L = −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] with y = ${y[0]}`, `L = ${f(r.loss)}`);
  } else if (stage === 4) {
    lines.push('For a sigmoid output under cross-entropy, ∂L/∂z = ŷ − y:', `δ = ${f(out.a[0])} − ${y[0]} = ${f(out.delta[0])}`);
  } else if (stage === 5) {
    for (let j = 0; j < 2; j++) lines.push(`δ${j + 1} = δ·w${j + 1}·(1 − a${j + 1}²) = ${fp(out.delta[0])}·${fp(W2.w[0][j])}·${f(1 - hidden.a[j] ** 2)} = ${f(hidden.delta[j])}`);
  } else if (stage === 6) {
    lines.push('∂L/∂w = δ of the unit the link enters × the value it carries; ∂L/∂b = δ:');
    lines.push(`∂L/∂w(a1→out) = ${fp(out.delta[0])}·${fp(hidden.a[0])} = ${f(r.grads[r.layers[1].w])}`);
    lines.push(`∂L/∂w(x2→h1) = ${fp(hidden.delta[0])}·${fp(x[1])} = ${f(r.grads[1])}`);
  } else {
    const i = r.layers[1].w;
    lines.push(`w ← w − η·∂L/∂w, η = ${r.lr}:`, `w(a1→out) = ${f(r.before[i])} − ${r.lr}·${fp(r.grads[i])} = ${f(r.after[i])}`);
  }
  return (
    <div class="nnp-bp-explain" aria-live="polite">
      <h3 data-testid="bp-stage">{stage + 1}. {STAGES[stage]}</h3>
      {lines.map((t) => <p class="nnp-bp-eq">{t}</p>)}
    </div>
  );
}
