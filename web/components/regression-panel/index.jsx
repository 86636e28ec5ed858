// RegressionPanel — a regression judged in the target's own units (dollars, for house
// prices; the worker turns the standardized, maybe logarithmic, outputs back): RMSE, MAE and
// R² on both splits (the engine's metrics), with the R² of what the network learns beside
// them; predicted against actual, and the residuals. Three panels of the grid.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { createXYPlot } from '../../plots/xy.js';
import { Panel } from '../panel/index.jsx';

const TRAIN_C = 'rgba(245,147,34,0.45)', TEST_C = 'rgba(8,119,189,0.8)';

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function RegressionPanel({ ctx }) {
  const { preset } = ctx;
  const scatter = useRef(null), resid = useRef(null), table = useRef(null), note = useRef(null);
  const unit = preset.unit ? ` (${preset.unit})` : '';
  const money = preset.unit === '$';
  const fmt = (/** @type {number} */ v) => (money ? `$${Math.round(v).toLocaleString('en')}` : v.toPrecision(4));

  usePlot(ctx.view, 'regression', () => {
    const plots = { scatter: createXYPlot(scatter.current), resid: createXYPlot(resid.current) };
    /** @type {import('../../lib/view.js').Snapshot | null} */
    let shown = null;
    return {
      draw(v) {
        const r = v.results;
        if (!r?.meta.errors || r === shown) return;
        shown = r;
        const { trainTruth, trainPred, testTruth, testPred } = r.arrays, e = r.meta.errors;
        const learned = [v.last.meta.trainAcc, v.last.meta.testAcc];
        /** @type {[string, {rmse: number, mae: number, r2: number}, number][]} */
        const rows = [['train', e.train, learned[0]], ['test', e.test, learned[1]]];
        const td = (/** @type {string} */ text) => Object.assign(document.createElement('td'), { textContent: text });
        table.current.tHead.rows[0].cells[0].textContent = `after epoch ${r.meta.epoch}`;
        table.current.tBodies[0].replaceChildren(...rows.map(([name, x, l]) => {
          const tr = document.createElement('tr');
          tr.append(td(name), td(fmt(x.rmse)), td(fmt(x.mae)), td(x.r2.toFixed(3)), td(l.toFixed(3)));
          return tr;
        }));
        note.current.hidden = true;
        const all = [trainTruth, trainPred, testTruth, testPred].flatMap((a) => Array.from(a)).filter(Number.isFinite);
        const lo = Math.min(0, ...all), range = /** @type {[number, number]} */ ([lo, Math.max(...all) * 1.03]);
        plots.scatter.draw({
          xLabel: `actual${unit}`, yLabel: `predicted${unit}`, xRange: range, yRange: range, diagonal: true,
          series: [{ x: trainTruth, y: trainPred, color: TRAIN_C }, { x: testTruth, y: testPred, color: TEST_C, size: 3 }],
        });
        const minus = (/** @type {Float32Array} */ p, /** @type {Float32Array} */ y) => p.map((pv, i) => pv - y[i]);
        plots.resid.draw({
          xLabel: `predicted${unit}`, yLabel: `residual: predicted − actual${unit}`, zeroLine: true,
          series: [{ x: trainPred, y: minus(trainPred, trainTruth), color: TRAIN_C }, { x: testPred, y: minus(testPred, testTruth), color: TEST_C, size: 3 }],
        });
      },
    };
  });
  const learned = preset.metricLabel?.(ctx.state) ?? 'R² learned';
  return (
    <>
      <Panel title={`Errors${unit}`} testid="metrics">
        <table ref={table} data-testid="errors">
          <thead><tr><th>after epoch 0</th><th>RMSE</th><th>MAE</th><th>R²</th><th>{learned}</th></tr></thead>
          <tbody />
        </table>
        <p class="nnp-note" ref={note}>After the first evaluation.</p>
      </Panel>
      <Panel title="Predicted against actual">
        <canvas ref={scatter} class="nnp-xy" data-testid="scatter" role="img" aria-label="Predicted against actual" />
        <p class="nnp-note"><span style={{ color: '#f59322' }}>■</span> training rows, <span style={{ color: '#0877bd' }}>■</span> test rows; on the dashed line the prediction is exact.</p>
      </Panel>
      <Panel title="Residuals">
        <canvas ref={resid} class="nnp-xy" data-testid="residuals" role="img" aria-label="Residuals against the prediction" />
        <p class="nnp-note">A fan widening to the right means errors grow with the value — what a log target evens out.</p>
      </Panel>
    </>
  );
}
