// GradcheckPanel — the gradient check run live, parameter by parameter: backpropagation's
// gradient, the central difference (f(p + ε) − f(p − ε)) / 2ε and their relative error, all
// from the engine (worker/lessons.js gradcheckRun, nn_gradcheck_numeric). A select breaks one
// layer's backward pass in the engine (nn_model_break_gradient): its rows then disagree and the
// check fails; "none" repairs it. Training a few epochs shows the check holds along the way.
import { useEffect, useState } from 'preact/hooks';
import { Panel } from '../panel/index.jsx';
import { gradcheckVerdict } from '../../lib/gradcheck.js';
import './style.css';

const TOLERANCE = 1e-2; // lib/gradcheck.js: above it the check fails
const g = (/** @type {number} */ v) => (v === 0 ? '0' : Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toFixed(5));

/** Each parameter's name, by its place in the block: W1[j][i], b1[j], ... @param {{in: number, out: number, w: number, b: number}[]} layers */
function paramNames(layers) {
  /** @type {string[]} */
  const names = [];
  layers.forEach((l, k) => {
    for (let j = 0; j < l.out; j++) for (let i = 0; i < l.in; i++) names[l.w + j * l.in + i] = `W${k + 1}[${j + 1}][${i + 1}]`;
    for (let j = 0; j < l.out; j++) names[l.b + j] = `b${k + 1}[${j + 1}]`;
  });
  return names;
}

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function GradcheckPanel({ ctx }) {
  const L = /** @type {any} */ (ctx.preset.lesson);
  const [r, setR] = useState(/** @type {any} */ (null));
  const [broken, setBroken] = useState(-1);
  const [busy, setBusy] = useState(false);
  const run = async (/** @type {Record<string, any>} */ opts) => {
    setBusy(true);
    const next = await ctx.send('gradcheckRun', { spec: L.spec, data: L.data, broken, ...opts });
    setBusy(false);
    if (next) setR(next);
  };
  useEffect(() => { if (ctx.ready) run({ reset: true }); }, [ctx.ready]);
  const names = r ? paramNames(r.layers) : [];
  const maxGrad = r ? Math.max(...Array.from(r.backprop, Math.abs)) : 0;
  const pass = r && r.maxRelErr < TOLERANCE;
  return (
    <Panel title="Backpropagation against finite differences" span="wide" testid="gradcheck-lesson">
      <div class="nnp-gc-controls">
        <label>Break the backward pass of{' '}
          <select value={broken} data-testid="gc-break" disabled={busy || !r}
            onChange={(e) => { const v = Number(/** @type {HTMLSelectElement} */ (e.currentTarget).value); setBroken(v); run({ broken: v }); }}>
            <option value={-1}>no layer (correct)</option>
            {L.spec.layers.map((/** @type {number} */ _, /** @type {number} */ l) => <option value={l}>layer {l + 1}: flip its gradient's sign</option>)}
          </select>
        </label>
        <button type="button" class="nnp-text-btn" onClick={() => run({})} disabled={busy || !r} data-testid="gc-check">Check again</button>
        <button type="button" class="nnp-text-btn" onClick={() => run({ epochs: 10 })} disabled={busy || !r} data-testid="gc-train">Train 10 epochs, then check</button>
        <button type="button" class="nnp-text-btn" onClick={() => run({ reset: true })} disabled={busy || !r} data-testid="gc-reset">New network</button>
      </div>
      {r ? (
        <>
          <p class={`nnp-gc-verdict ${pass ? 'nnp-gc-pass' : 'nnp-gc-fail'}`} data-testid="gc-verdict" data-pass={String(pass)} data-value={r.maxRelErr}>
            {pass ? 'Passed' : 'Failed'}: {gradcheckVerdict(r.maxRelErr, maxGrad)}
            {' '}(loss {r.loss.toFixed(4)} after {r.epochs} steps)
          </p>
          <div class="nnp-gc-scroll">
            <table class="nnp-gc-table" data-testid="gc-table">
              <thead><tr><th>parameter</th><th>backprop</th><th>numeric</th><th>relative error</th></tr></thead>
              <tbody>
                {Array.from(r.numeric, (num, i) => (
                  <tr class={r.relErr[i] >= TOLERANCE ? 'nnp-gc-bad' : ''}>
                    <td>{names[i]}</td><td>{g(r.backprop[i])}</td><td>{g(num)}</td><td>{r.relErr[i].toExponential(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : <p class="nnp-note">Starting the engine…</p>}
      <p class="nnp-note">ε = 10⁻³ on the first 8 points; relative error |numeric − backprop| / max(|numeric| + |backprop|, 10⁻²).</p>
    </Panel>
  );
}
