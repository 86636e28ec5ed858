// Curves — loss and accuracy (R² for regression) over epochs, train and test, drawn by the
// playground's line chart from the view's history.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../../lib/use-plot.js';
import { createLineChart } from '../../../plots/linechart.js';
import { HISTORY_COLUMNS } from '../../../lib/snapshot.js';
import './style.css';

const TRAIN = { label: 'train', color: '#f59322' }, TEST = { label: 'test', color: '#0877bd' };
const col = (name) => HISTORY_COLUMNS.indexOf(name);

/** @param {{view: any, metric: string, trainNote?: string}} props */
export function Curves({ view, metric, trainNote }) {
  const loss = useRef(null), acc = useRef(null);
  usePlot(view, 'curves', () => {
    const charts = [
      createLineChart(loss.current, { series: [TRAIN, TEST], log: true }),
      createLineChart(acc.current, { series: [TRAIN, TEST] }),
    ];
    return {
      draw(v) {
        const h = v.history;
        if (!h) return;
        const x = h.column(col('epoch'));
        charts[0].draw(x, [h.column(col('trainLoss')), h.column(col('testLoss'))]);
        charts[1].draw(x, [h.column(col('trainAcc')), h.column(col('testAcc'))]);
      },
      destroy() { for (const c of charts) c.destroy(); },
    };
  });
  return (
    <div class="nna-curves">
      <figure>
        <figcaption>Loss (log scale) — <span style={{ color: TRAIN.color }}>train</span>, <span style={{ color: TEST.color }}>test</span></figcaption>
        <canvas ref={loss} data-testid="chart-loss" role="img" aria-label="Loss over epochs; hover for values" />
      </figure>
      <figure>
        <figcaption>{metric} — <span style={{ color: TRAIN.color }}>train</span>, <span style={{ color: TEST.color }}>test</span></figcaption>
        <canvas ref={acc} data-testid="chart-metric" role="img" aria-label={`${metric} over epochs; hover for values`} />
      </figure>
      {trainNote ? <p class="nna-muted">{trainNote}</p> : null}
    </div>
  );
}
