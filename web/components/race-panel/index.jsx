// RacePanel — the same network from the same initial weights trained by every optimizer at
// once, in the worker (worker/lessons.js raceStart, raceStep), their loss curves overlaid as
// the epochs come in. The curves are the engine's losses on the training set after each epoch.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Panel } from '../panel/index.jsx';
import { createLineChart } from '../../plots/linechart.js';
import { SERIES_COLORS } from '../../plots/colors.js';
import { valueName } from '../../lib/names.js';
import { formatNumber } from '../../plots/linechart.js';
import './style.css';

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function RacePanel({ ctx }) {
  const L = /** @type {any} */ (ctx.preset.lesson);
  const canvas = useRef(/** @type {HTMLCanvasElement | null} */ (null));
  const chart = useRef(/** @type {any} */ (null));
  const curves = useRef(/** @type {{x: number[], ys: number[][]}} */ ({ x: [], ys: [] }));
  const running = useRef(false);
  const [epoch, setEpoch] = useState(-1);
  const [losses, setLosses] = useState(/** @type {number[]} */ ([]));
  const [playing, setPlaying] = useState(false);

  useEffect(() => {
    chart.current = createLineChart(/** @type {HTMLCanvasElement} */ (canvas.current), {
      series: L.runs.map((/** @type {any} */ r, /** @type {number} */ i) => ({ label: valueName(r.optimizer), color: SERIES_COLORS[i] })),
      log: true,
    });
    // The chart draws when data come; a new width (a phone turned) needs a redraw of its own.
    const redraw = () => curves.current.x.length && chart.current.draw(curves.current.x, curves.current.ys);
    window.addEventListener('resize', redraw);
    return () => { window.removeEventListener('resize', redraw); chart.current.destroy(); };
  }, []);

  const record = (/** @type {{epoch: number, loss: number[]}} */ r) => {
    const c = curves.current;
    c.x.push(r.epoch);
    r.loss.forEach((l, i) => c.ys[i].push(l));
    chart.current.draw(c.x, c.ys);
    setEpoch(r.epoch);
    setLosses(r.loss);
  };
  const start = async () => {
    running.current = false;
    setPlaying(false);
    const r = await ctx.send('raceStart', { spec: L.spec, runs: L.runs, data: L.data });
    if (!r) return;
    curves.current = { x: [], ys: L.runs.map(() => /** @type {number[]} */ ([])) };
    record(r);
  };
  useEffect(() => { if (ctx.ready) start(); }, [ctx.ready]);

  const play = async () => {
    if (running.current) { running.current = false; setPlaying(false); return; }
    running.current = true;
    setPlaying(true);
    while (running.current && curves.current.x.at(-1) < L.epochs) {
      const r = await ctx.send('raceStep', { epochs: 1, batch: L.batch });
      if (!r || !running.current) break;
      record(r);
      await new Promise((done) => requestAnimationFrame(done));
    }
    running.current = false;
    setPlaying(false);
  };

  return (
    <Panel title="Six optimizers, one network, one start" span="wide" testid="race">
      <div class="nnp-race-controls">
        <button type="button" class="nnp-text-btn" onClick={play} disabled={epoch < 0 || epoch >= L.epochs} data-testid="race-play">
          {playing ? 'Pause' : epoch > 0 ? 'Go on' : 'Start the race'}
        </button>
        <button type="button" class="nnp-text-btn" onClick={start} disabled={epoch < 0} data-testid="race-reset">Again</button>
        <span class="nnp-note" data-testid="race-epoch">{epoch >= 0 ? `epoch ${epoch} of ${L.epochs}` : 'starting…'}</span>
      </div>
      <canvas ref={canvas} class="nnp-race-chart" data-testid="race-chart" aria-label="training loss per epoch, log scale, one line per optimizer" />
      <ul class="nnp-race-legend">
        {L.runs.map((/** @type {any} */ r, /** @type {number} */ i) => (
          <li><span class="nnp-race-swatch" style={{ background: SERIES_COLORS[i] }} />
            {valueName(r.optimizer)} <span class="nnp-note">lr {r.lr}</span>{' '}
            <output data-testid={`race-loss-${r.optimizer}`} data-value={losses[i] ?? ''}>{losses[i] === undefined ? '' : formatNumber(losses[i])}</output></li>
        ))}
      </ul>
      <p class="nnp-note">Training loss (log scale) after each epoch of mini-batches of {L.batch} on {L.data.n} points of the {L.data.name} set.</p>
    </Panel>
  );
}
