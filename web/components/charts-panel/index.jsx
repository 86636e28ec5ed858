// ChartsPanel — the curves over epochs: train and test loss (best epoch marked when early
// stopping), accuracy (R² for regression), the learning rate, and every layer's gradient norm
// on a log scale, where vanishing gradients show as lines falling apart.

import { memo } from 'preact/compat';
import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { createLineChart } from '../../plots/linechart.js';
import { HISTORY_COLUMNS } from '../../lib/snapshot.js';
import './style.css';

const TRAIN = { label: 'train', color: '#6b7280' }, TEST = { label: 'test', color: '#111827' };
const LAYER_COLORS = ['#0877bd', '#f59322', '#2ca02c', '#9467bd', '#d62728', '#8c564b', '#17becf'];
const col = (name) => HISTORY_COLUMNS.indexOf(name);

// Memoized: it re-renders only when its own props change, not on every toggle of the toolbar.
export const ChartsPanel = memo(function ChartsPanel({ view, task }) {
  const loss = useRef(null), acc = useRef(null), lr = useRef(null), grad = useRef(null);
  usePlot(view, 'charts', () => {
    const charts = {
      loss: createLineChart(loss.current, { series: [TRAIN, TEST] }),
      acc: createLineChart(acc.current, { series: [TRAIN, TEST] }),
      lr: createLineChart(lr.current, { series: [{ label: 'lr', color: '#0877bd' }] }),
      grad: createLineChart(grad.current, {
        log: true, series: LAYER_COLORS.map((color, l) => ({ label: `layer ${l + 1}`, color })),
      }),
    };
    return {
      draw(v) {
        const h = v.history;
        if (!h) return;
        const x = h.column(0), mark = v.last?.meta.bestEpoch ?? -1;
        charts.loss.draw(x, [h.column(col('trainLoss')), h.column(col('testLoss'))], mark);
        charts.acc.draw(x, [h.column(col('trainAcc')), h.column(col('testAcc'))], mark);
        charts.lr.draw(x, [h.column(col('lr'))]);
        const norms = [];
        for (let c = HISTORY_COLUMNS.length; c < h.width; c++) norms.push(h.column(c));
        charts.grad.draw(x, norms);
      },
      destroy() { for (const c of Object.values(charts)) c.destroy(); },
    };
  });
  const chart = (ref, title, testid) => (
    <figure class="nnp-chart">
      <figcaption>{title}</figcaption>
      <canvas ref={ref} data-testid={testid} role="img" aria-label={`${title} over epochs; hover for values`} />
    </figure>
  );
  return (
    <section class="nnp-panel nnp-charts" aria-label="Training curves">
      {chart(loss, 'Loss (train, test)', 'chart-loss')}
      {chart(acc, task === 'regression' ? 'R² (train, test)' : 'Accuracy (train, test)', 'chart-acc')}
      {chart(lr, 'Learning rate', 'chart-lr')}
      {chart(grad, 'Gradient norm per layer (log)', 'chart-grad')}
    </section>
  );
});
