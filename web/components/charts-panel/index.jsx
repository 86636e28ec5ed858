// ChartsPanel — the curves over epochs, from the view's history: train, validation (with early
// stopping) and test loss (best epoch marked when early stopping), accuracy (R² for
// regression), the learning rate, and every layer's gradient norm on a log scale, where
// vanishing gradients show as lines falling apart. Each chart has a legend; pointing at a line,
// or at its legend entry, brings that line forward and fades the others. Which charts show is
// the preset's choice.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { createLineChart } from '../../plots/linechart.js';
import { HISTORY_COLUMNS } from '../../lib/snapshot.js';
import './style.css';

const TRAIN = { label: 'train', color: '#f59322' }, VALID = { label: 'validation', color: '#2ca02c' };
const TEST = { label: 'test', color: '#0877bd' };
const SPLITS = [TRAIN, VALID, TEST];
const LAYER_COLORS = ['#0877bd', '#f59322', '#2ca02c', '#9467bd', '#d62728', '#8c564b', '#17becf'];
const col = (/** @type {string} */ name) => HISTORY_COLUMNS.indexOf(name);
/** @param {import('../../lib/history.js').History} h @param {string} what  'Loss' or 'Acc' */
const splits = (h, what) => ['train', 'valid', 'test'].map((p) => h.column(col(`${p}${what}`)));

/**
 * Each chart: its caption, what it draws from the history and how.
 * @type {Record<string, {title: (ctx: any) => string, log?: (ctx: any) => boolean,
 *   series: {label: string, color: string}[], columns: (h: import('../../lib/history.js').History) => Float64Array[]}>}
 */
const CHARTS = {
  loss: {
    title: (ctx) => `Loss${ctx.preset.logLoss ? ' (log scale)' : ''}`, log: (ctx) => Boolean(ctx.preset.logLoss),
    series: SPLITS, columns: (h) => splits(h, 'Loss'),
  },
  metric: {
    title: (ctx) => ctx.preset.metricLabel?.(ctx.state) ?? (ctx.task === 'regression' ? 'R²' : 'Accuracy'),
    series: SPLITS, columns: (h) => splits(h, 'Acc'),
  },
  lr: { title: () => 'Learning rate', series: [{ label: 'lr', color: '#0877bd' }], columns: (h) => [h.column(col('lr'))] },
  grad: {
    title: () => 'Gradient norm per layer (log)', log: () => true,
    series: LAYER_COLORS.map((color, l) => ({ label: `layer ${l + 1}`, color })),
    columns: (h) => Array.from({ length: h.width - HISTORY_COLUMNS.length }, (_, l) => h.column(HISTORY_COLUMNS.length + l)),
  },
};

/**
 * The legend entries of a chart: the splits there are (validation only with early stopping),
 * one per dense layer for the gradient norms (the last is the output layer).
 * @param {string} name @param {import('../nnplay/index.jsx').Ctx} ctx @returns {{label: string, color: string, series: number}[]}
 */
function legend(name, ctx) {
  const c = CHARTS[name];
  const entries = c.series.map((s, series) => ({ ...s, series }));
  if (name === 'grad') {
    const layers = ctx.state.perceptron ? 0 : ctx.state.hidden.length + 1;
    return entries.slice(0, layers).map((e, l) => (l === layers - 1 ? { ...e, label: 'output' } : e));
  }
  if (c.series === SPLITS) return entries.filter((e) => e.series !== 1 || (ctx.state.early_stop && !ctx.state.perceptron));
  return entries.length > 1 ? entries : [];
}

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function ChartsPanel({ ctx }) {
  const names = ctx.preset.charts ?? Object.keys(CHARTS);
  const canvases = useRef(/** @type {HTMLCanvasElement[]} */ ([]));
  const legends = useRef(/** @type {HTMLElement[]} */ ([]));
  const charts = useRef(/** @type {ReturnType<typeof createLineChart>[]} */ ([]));
  const logs = names.map((n) => CHARTS[n].log?.(ctx) ?? false);
  usePlot(ctx.view, 'charts', () => {
    // The legend entry of the line the pointer picks stands out with it.
    const follow = (/** @type {number} */ i) => (/** @type {number} */ s) => {
      for (const li of legends.current[i]?.children ?? []) li.classList.toggle('nnp-lit', Number(/** @type {HTMLElement} */ (li).dataset.series) === s);
    };
    charts.current = names.map((n, i) => createLineChart(canvases.current[i], { series: CHARTS[n].series, log: logs[i], onHighlight: follow(i) }));
    return {
      draw(v) {
        const h = v.history;
        if (!h) return;
        const x = h.column(col('epoch')), mark = v.last?.meta.bestEpoch ?? -1;
        names.forEach((n, i) => charts.current[i].draw(x, CHARTS[n].columns(h), n === 'loss' || n === 'metric' ? mark : -1));
      },
      destroy() { for (const c of charts.current) c.destroy(); },
    };
  });
  const evalRows = ctx.info?.trainEvalRows, nTrain = ctx.info?.nTrain;
  return (
    <section class="nnp-panel nnp-charts" aria-label="Training curves">
      {names.map((n, i) => {
        const c = CHARTS[n], title = c.title(ctx), entries = legend(n, ctx);
        return (
          <figure class="nnp-chart">
            <figcaption>{title}</figcaption>
            {entries.length ? (
              <ul class="nnp-legend" ref={(el) => { legends.current[i] = el; }} data-testid={`legend-${n}`}>
                {entries.map((e) => (
                  <li data-series={e.series} onPointerEnter={() => charts.current[i]?.highlight(e.series)}
                    onPointerLeave={() => charts.current[i]?.highlight(-1)}>
                    <span class="nnp-legend-line" style={{ background: e.color }} />{e.label}
                  </li>
                ))}
              </ul>
            ) : null}
            <canvas ref={(el) => { canvases.current[i] = el; }} data-testid={`chart-${n}`} role="img"
              aria-label={`${title} over epochs; hover for values`} />
          </figure>
        );
      })}
      {evalRows < nTrain ? (
        <p class="nnp-note">"train" is measured on the first {evalRows.toLocaleString('en')} training rows,
          "test" on all {ctx.info.nTest.toLocaleString('en')} test rows, after each epoch.</p>
      ) : null}
    </section>
  );
}
