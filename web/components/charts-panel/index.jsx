// ChartsPanel — the curves over epochs, from the view's history: train and test loss (best
// epoch marked when early stopping), accuracy (R² for regression), the learning rate, and
// every layer's gradient norm on a log scale, where vanishing gradients show as lines falling
// apart. Which charts show is the preset's choice.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { createLineChart } from '../../plots/linechart.js';
import { HISTORY_COLUMNS } from '../../lib/snapshot.js';
import './style.css';

const TRAIN = { label: 'train', color: '#f59322' }, TEST = { label: 'test', color: '#0877bd' };
const LAYER_COLORS = ['#0877bd', '#f59322', '#2ca02c', '#9467bd', '#d62728', '#8c564b', '#17becf'];
const col = (/** @type {string} */ name) => HISTORY_COLUMNS.indexOf(name);

/**
 * Each chart: its caption, what it draws from the history and how.
 * @type {Record<string, {title: (ctx: any) => string, log?: (ctx: any) => boolean,
 *   series: {label: string, color: string}[], columns: (h: import('../../lib/history.js').History) => Float64Array[]}>}
 */
const CHARTS = {
  loss: {
    title: (ctx) => `Loss${ctx.preset.logLoss ? ' (log scale)' : ''}`, log: (ctx) => Boolean(ctx.preset.logLoss),
    series: [TRAIN, TEST], columns: (h) => [h.column(col('trainLoss')), h.column(col('testLoss'))],
  },
  metric: {
    title: (ctx) => ctx.preset.metricLabel?.(ctx.state) ?? (ctx.task === 'regression' ? 'R²' : 'Accuracy'),
    series: [TRAIN, TEST], columns: (h) => [h.column(col('trainAcc')), h.column(col('testAcc'))],
  },
  lr: { title: () => 'Learning rate', series: [{ label: 'lr', color: '#0877bd' }], columns: (h) => [h.column(col('lr'))] },
  grad: {
    title: () => 'Gradient norm per layer (log)', log: () => true,
    series: LAYER_COLORS.map((color, l) => ({ label: `layer ${l + 1}`, color })),
    columns: (h) => Array.from({ length: h.width - HISTORY_COLUMNS.length }, (_, l) => h.column(HISTORY_COLUMNS.length + l)),
  },
};

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function ChartsPanel({ ctx }) {
  const names = ctx.preset.charts ?? Object.keys(CHARTS);
  const canvases = useRef(/** @type {HTMLCanvasElement[]} */ ([]));
  const logs = names.map((n) => CHARTS[n].log?.(ctx) ?? false);
  usePlot(ctx.view, 'charts', () => {
    const charts = names.map((n, i) => createLineChart(canvases.current[i], { series: CHARTS[n].series, log: logs[i] }));
    return {
      draw(v) {
        const h = v.history;
        if (!h) return;
        const x = h.column(col('epoch')), mark = v.last?.meta.bestEpoch ?? -1;
        names.forEach((n, i) => charts[i].draw(x, CHARTS[n].columns(h), n === 'loss' || n === 'metric' ? mark : -1));
      },
      destroy() { for (const c of charts) c.destroy(); },
    };
  });
  const evalRows = ctx.info?.trainEvalRows, nTrain = ctx.info?.nTrain;
  return (
    <section class="nnp-panel nnp-charts" aria-label="Training curves">
      {names.map((n, i) => {
        const c = CHARTS[n], title = c.title(ctx);
        return (
          <figure class="nnp-chart">
            <figcaption>
              {title}{c.series.length === 2 ? <> — <span class="nnp-swatch" style={{ background: TRAIN.color }} />train, <span class="nnp-swatch" style={{ background: TEST.color }} />test</> : null}
            </figcaption>
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
