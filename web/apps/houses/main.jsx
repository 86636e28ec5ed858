// The house-price page: a regression network on the Ames sales (De Cock), learning the price
// or its logarithm; the standardization of every column is shown, and the predictions are
// judged in dollars — predicted against actual, residuals, RMSE, MAE and R² on both splits.

import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { useTrainer } from '../shared/use-trainer.js';
import { regressionErrors } from '../shared/results.js';
import { createXYPlot } from '../shared/xyplot.js';
import { Shell, Panel, Notice } from '../components/shell/index.jsx';
import { LoadBar } from '../components/load-bar/index.jsx';
import { TrainPanel } from '../components/train-panel/index.jsx';
import { Curves } from '../components/curves/index.jsx';
import { StatsTable } from './stats-table/index.jsx';

const PRICE = 0, LOG_PRICE = 1; // columns of y in ames.nnds (its JSON's "targets")
/** Test R² about 0.9 on the log price from seed 1 within the 60 epochs. */
export const DEFAULTS = {
  hidden: [64, 32], act: 'relu', optimizer: 'adam', lr: 0.001, batch: 32, epochs: 60,
  cosine: true, dropout: 0, l2: 0.001, seed: 1, target: LOG_PRICE,
};
const TRAIN_C = 'rgba(245,147,34,0.45)', TEST_C = 'rgba(8,119,189,0.8)';
const dollars = (v) => `$${Math.round(v).toLocaleString('en')}`;

/** Model outputs (standardized target) back to dollars. */
function toDollars(out, t) {
  return Float64Array.from(out, (v) => {
    const raw = v * t.std + t.mean;
    return t.transform === 'ln' ? Math.exp(raw) : raw;
  });
}

function HousesPage() {
  const trainer = useTrainer();
  const { state, view } = trainer;
  const [settings, setSettings] = useState(DEFAULTS);
  const [desc, setDesc] = useState(null);
  const [res, setRes] = useState(null);
  const descRef = useRef(null);
  const scatter = useRef(null), resid = useRef(null);

  useEffect(() => {
    const onDescription = (d) => { descRef.current = d; setDesc(d); };
    trainer.loadSet('ames', { onDescription }).then((info) => info && trainer.configure(DEFAULTS));
  }, []);

  usePlot(view, 'results', () => {
    const plots = { scatter: createXYPlot(scatter.current), resid: createXYPlot(resid.current) };
    return {
      draw(v) {
        const last = v.last, info = trainer.infoRef.current, d = descRef.current;
        if (!last?.meta.hasResults || !info || !d) return;
        const t = d.targets[last.meta.target]; // the outputs' own target, whatever the form says now
        const truth = toDollars(info.y.filter((_, i) => i % info.targets === PRICE), d.targets[PRICE]);
        const trTrue = truth.subarray(0, info.nTrain), teTrue = truth.subarray(info.nTrain);
        const trPred = toDollars(last.arrays.trainOut, t), tePred = toDollars(last.arrays.testOut, t);
        const logErr = (p, y) => regressionErrors(p.map(Math.log), y.map(Math.log));
        setRes({
          epoch: last.meta.epoch,
          train: regressionErrors(trPred, trTrue), test: regressionErrors(tePred, teTrue),
          trainLog: logErr(trPred, trTrue), testLog: logErr(tePred, teTrue),
        });
        const all = [...trTrue, ...teTrue, ...trPred, ...tePred].filter(Number.isFinite);
        const range = [0, Math.max(...all) * 1.03];
        plots.scatter.draw({
          xLabel: 'actual price ($)', yLabel: 'predicted ($)', xRange: range, yRange: range, diagonal: true,
          series: [{ x: trTrue, y: trPred, color: TRAIN_C }, { x: teTrue, y: tePred, color: TEST_C, size: 3 }],
        });
        const r = (p, y) => p.map((pv, i) => pv - y[i]);
        plots.resid.draw({
          xLabel: 'predicted price ($)', yLabel: 'residual: predicted − actual ($)', zeroLine: true,
          series: [{ x: trPred, y: r(trPred, trTrue), color: TRAIN_C }, { x: tePred, y: r(tePred, teTrue), color: TEST_C, size: 3 }],
        });
      },
    };
  });

  const change = (s) => { setSettings(s); trainer.configure(s); };
  const row = (name, e, l) => (
    <tr><td>{name}</td><td>{dollars(e.rmse)}</td><td>{dollars(e.mae)}</td><td>{e.r2.toFixed(3)}</td><td>{l.r2.toFixed(3)}</td></tr>
  );
  return (
    <Shell page="houses" title="House prices: Ames, Iowa"
      lead="A regression network predicts the sale price of 2,930 houses sold in Ames from 2006 to 2010 from 73 columns (size, quality, age, neighbourhood…). Prices are skewed: learning the logarithm of the price treats a $20,000 error on a cheap house as worse than on a mansion, which is usually what a buyer means."
      credit={<>Data: Dean De Cock, Ames, Iowa: Alternative to the Boston Housing Data, Journal of Statistics Education 19(3), 2011 (the modeldata R package's ames set, MIT). Split: {desc?.split ?? ''}.</>}>
      <Panel title="Network and training" testid="train-panel">
        {state.phase === 'loading' || state.phase === 'starting'
          ? <LoadBar loaded={state.loaded} total={state.total} label="Downloading the Ames sales" /> : null}
        <label class="nna-target">
          <input type="checkbox" checked={settings.target === LOG_PRICE} disabled={state.playing} data-testid="log-price"
            onChange={(e) => change({ ...settings, target: e.currentTarget.checked ? LOG_PRICE : PRICE })} />
          Learn log(price) (the network's output is ln(price), standardized; predictions are turned back into dollars)
        </label>
        <TrainPanel view={view} trainer={trainer} settings={settings} onSettings={change}
          inputs={desc?.features.length ?? 0} outputs={1} />
        <Notice error={state.error} message={state.message} />
      </Panel>
      <Panel title="Errors in dollars" testid="metrics">
        {res ? (
          <table data-testid="errors">
            <thead><tr><th>after epoch {res.epoch}</th><th>RMSE</th><th>MAE</th><th>R²</th><th>R² of ln(price)</th></tr></thead>
            <tbody>{row('train', res.train, res.trainLog)}{row('test', res.test, res.testLog)}</tbody>
          </table>
        ) : <p class="nna-muted">After the first evaluation.</p>}
        <Curves view={view} metric={settings.target === LOG_PRICE ? 'R² of ln(price)' : 'R² of price'} />
      </Panel>
      <Panel title="Predicted against actual">
        <canvas ref={scatter} class="nna-xy" data-testid="scatter" role="img" aria-label="Predicted price against actual price" />
        <p class="nna-muted"><span style={{ color: '#f59322' }}>■</span> training houses, <span style={{ color: '#0877bd' }}>■</span> test houses; on the dashed line the prediction is exact.</p>
      </Panel>
      <Panel title="Residuals">
        <canvas ref={resid} class="nna-xy" data-testid="residuals" role="img" aria-label="Residuals against predicted price" />
        <p class="nna-muted">A fan widening to the right means errors grow with the price — what the log target evens out.</p>
      </Panel>
      <Panel title="Standardization of the inputs" wide>
        {desc ? <StatsTable desc={desc} /> : null}
      </Panel>
    </Shell>
  );
}

render(<HousesPage />, document.getElementById('app'));
