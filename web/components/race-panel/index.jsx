// RacePanel — one network trained several ways at once, in the worker (worker/lessons.js
// raceStart, raceStep): each run is the preset's spec with a few fields over it (an optimizer
// and its rate, an init, batch norm, a schedule, an activation). Their loss curves are
// overlaid as the epochs come in; with the preset's `layers`, two grouped bar charts show per
// hidden layer each run's output spread on the data and its weight gradient's spread from the
// epoch's last step. Every number is the engine's (losses, activationStd, gradStds).
import { useEffect, useRef, useState } from 'preact/hooks';
import { Panel } from '../panel/index.jsx';
import { createLineChart, formatNumber } from '../../plots/linechart.js';
import { createBarChart } from '../../plots/bars.js';
import { SERIES_COLORS } from '../../plots/colors.js';
import { valueName } from '../../lib/names.js';
import './style.css';

/**
 * A run's name: its label, or its optimizer's (the optimizers' race).
 * @param {{label?: string, optimizer?: string}} r
 */
const runLabel = (r) => r.label ?? valueName(r.optimizer ?? '');

/**
 * @typedef {{epoch: number, loss: number[], lr: number[], actStd?: number[][], gradStd?: number[][] | null}} RaceState
 */

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function RacePanel({ ctx }) {
  const L = /** @type {any} */ (ctx.preset.lesson);
  const runs = /** @type {any[]} */ (L.runs);
  const hidden = L.layers ? L.spec.layers.length - 1 : 0;
  const groups = Array.from({ length: hidden }, (_, i) => String(i + 1));
  const canvas = useRef(/** @type {HTMLCanvasElement | null} */ (null));
  const actCanvas = useRef(/** @type {HTMLCanvasElement | null} */ (null));
  const gradCanvas = useRef(/** @type {HTMLCanvasElement | null} */ (null));
  const charts = useRef(/** @type {{loss: any, act: any, grad: any}} */ ({ loss: null, act: null, grad: null }));
  const curves = useRef(/** @type {{x: number[], ys: number[][]}} */ ({ x: [], ys: [] }));
  const running = useRef(false);
  const [state, setState] = useState(/** @type {RaceState | null} */ (null));
  const [playing, setPlaying] = useState(false);
  const epoch = state ? state.epoch : -1;

  useEffect(() => {
    const series = runs.map((r, i) => ({ label: runLabel(r), color: SERIES_COLORS[i] }));
    const c = charts.current;
    c.loss = createLineChart(/** @type {HTMLCanvasElement} */ (canvas.current), { series, log: L.logLoss ?? true });
    if (hidden) {
      const log = Boolean(L.layers.log);
      c.act = createBarChart(/** @type {HTMLCanvasElement} */ (actCanvas.current), { series, groups, log });
      c.grad = createBarChart(/** @type {HTMLCanvasElement} */ (gradCanvas.current), { series, groups, log, empty: 'after the first epoch' });
    }
    // The charts draw when data come; a new width (a phone turned) needs a redraw of its own.
    const redraw = () => {
      if (curves.current.x.length) c.loss.draw(curves.current.x, curves.current.ys);
      c.act?.redraw();
      c.grad?.redraw();
    };
    window.addEventListener('resize', redraw);
    return () => { window.removeEventListener('resize', redraw); c.loss.destroy(); c.act?.destroy(); c.grad?.destroy(); };
  }, []);

  const record = (/** @type {RaceState} */ r) => {
    const c = curves.current;
    c.x.push(r.epoch);
    r.loss.forEach((l, i) => c.ys[i].push(l));
    charts.current.loss.draw(c.x, c.ys);
    charts.current.act?.draw(r.actStd);
    charts.current.grad?.draw(r.gradStd);
    setState(r);
  };
  const start = async () => {
    running.current = false;
    setPlaying(false);
    const r = await ctx.send('raceStart', { spec: L.spec, runs, data: L.data, layers: Boolean(hidden) });
    if (!r) return;
    curves.current = { x: [], ys: runs.map(() => /** @type {number[]} */ ([])) };
    record(r);
  };
  useEffect(() => { if (ctx.ready) start(); }, [ctx.ready]);

  // A pause lets the epoch under way finish and be drawn, so what is shown is where the runs
  // are; the button says Pause until then.
  const play = async () => {
    if (running.current) { running.current = false; return; }
    running.current = true;
    setPlaying(true);
    const race = curves.current;
    while (running.current && race.x.at(-1) < L.epochs) {
      const r = await ctx.send('raceStep', { epochs: 1, batch: L.batch });
      if (!r || curves.current !== race) break;  // a new start replaced this race
      record(r);
      await new Promise((done) => requestAnimationFrame(done));
    }
    running.current = false;
    setPlaying(false);
  };

  const names = runs.map(runLabel).join(', ');
  /** One table of per-layer numbers, the bars' own. @param {string} what @param {number[][] | null | undefined} v */
  const table = (what, v) => (
    <table class="nnp-race-table" data-testid={`race-${what}`}>
      <tr><th scope="col">{what === 'act' ? 'output std' : 'gradient std'}</th>{groups.map((g) => <th scope="col">layer {g}</th>)}</tr>
      {runs.map((r, i) => (
        <tr><th scope="row">{runLabel(r)}</th>
          {groups.map((_, l) => <td data-testid={`race-${what}-${i}-${l}`} data-value={v?.[i][l] ?? ''}>{v ? formatNumber(v[i][l]) : ''}</td>)}</tr>
      ))}
    </table>
  );

  return (
    <Panel title={L.title} span="wide" testid="race">
      <div class="nnp-race-controls">
        <button type="button" class="nnp-text-btn" onClick={play} disabled={epoch < 0 || epoch >= L.epochs} data-testid="race-play">
          {playing ? 'Pause' : epoch > 0 ? 'Go on' : 'Start the race'}
        </button>
        <button type="button" class="nnp-text-btn" onClick={start} disabled={epoch < 0} data-testid="race-reset">Again</button>
        <span class="nnp-note" data-testid="race-epoch">{epoch >= 0 ? `epoch ${epoch} of ${L.epochs}` : 'starting…'}</span>
      </div>
      <canvas ref={canvas} class="nnp-race-chart" data-testid="race-chart"
        aria-label={`training loss per epoch${L.logLoss ?? true ? ', log scale' : ''}, one line each: ${names}`} />
      <ul class="nnp-race-legend">
        {runs.map((r, i) => (
          <li><span class="nnp-race-swatch" style={{ background: SERIES_COLORS[i] }} />
            {runLabel(r)}{' '}
            <span class="nnp-note" data-testid={`race-lr-${i}`} data-value={state?.lr[i] ?? ''}>
              {r.schedule ? `lr ${state ? formatNumber(state.lr[i]) : ''}` : r.lr !== undefined ? `lr ${r.lr}` : ''}</span>{' '}
            <output data-testid={`race-loss-${i}`} data-value={state?.loss[i] ?? ''}>{state ? formatNumber(state.loss[i]) : ''}</output></li>
        ))}
      </ul>
      <p class="nnp-note">{L.note}</p>
      {hidden > 0 && (
        <>
          <div class="nnp-race-bars">
            <figure>
              <figcaption>Output spread (std) per hidden layer</figcaption>
              <canvas ref={actCanvas} data-testid="race-act-chart"
                aria-label={`per hidden layer, the standard deviation of its outputs, one bar each: ${names}`} />
            </figure>
            <figure>
              <figcaption>Weight-gradient spread (std) per hidden layer</figcaption>
              <canvas ref={gradCanvas} data-testid="race-grad-chart"
                aria-label={`per hidden layer, the standard deviation of its weight gradient, one bar each: ${names}`} />
            </figure>
          </div>
          <p class="nnp-note">{L.layers.log ? 'Log scales; a bar of 0 is not drawn. ' : ''}The outputs' spread is over
            the {L.data.n} points after each epoch; the gradient's is over a layer's weights at the epoch's last step.</p>
          <details class="nnp-race-numbers">
            <summary>The numbers</summary>
            {table('act', state?.actStd)}
            {table('grad', state?.gradStd)}
          </details>
        </>
      )}
    </Panel>
  );
}
