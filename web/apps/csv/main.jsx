// The "your own data" page: the learner's CSV file is read, described and encoded by the page's
// worker (apps/csv/worker.js over table.js, which refuses a malformed file with the line or the
// reason), with its progress shown, then trained there like the other pages' data;
// classification gets a confusion matrix, regression a predicted-vs-actual plot with its
// errors in the target's own units.

import { render } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { useTrainer } from '../shared/use-trainer.js';
import { predictedClasses, confusion, regressionErrors } from '../shared/results.js';
import { createXYPlot } from '../shared/xyplot.js';
import { Shell, Panel, Notice } from '../components/shell/index.jsx';
import { TrainPanel } from '../components/train-panel/index.jsx';
import { Curves } from '../components/curves/index.jsx';
import { Confusion } from '../components/confusion/index.jsx';
import { Columns } from './columns/index.jsx';
import { suggestTask, MAX_BYTES, MIN_ROWS } from './rules.js';
import './style.css';

export const DEFAULTS = {
  hidden: [16, 8], act: 'relu', optimizer: 'adam', lr: 0.003, batch: 32, epochs: 100,
  cosine: true, dropout: 0, l2: 0.0001, seed: 1, target: 0,
};

/** The worker's progress phases (apps/csv/worker.js), as the page names them; the last two
 * are the encoding's. */
const PHASES = { reading: 'Reading', parsing: 'Parsing', describing: 'Describing the columns', fitting: 'Fitting the columns', encoding: 'Encoding' };
const encodingPhase = (work) => work?.phase === 'fitting' || work?.phase === 'encoding';

/** What the worker is doing with the file, from its last progress report ('Parsing… 45 %'). */
function working(work) {
  const what = PHASES[work.phase];
  return work.phase === 'reading' || work.phase === 'describing' ? `${what}…` : `${what}… ${Math.round(100 * work.fraction)} %`;
}

function CsvPage() {
  const trainer = useTrainer('apps/csv/worker.js');
  const { state, view } = trainer;
  const [file, setFile] = useState(null);        // {name, rows, cols}: the worker keeps the table
  const [problem, setProblem] = useState('');
  const [target, setTarget] = useState('');
  const [task, setTask] = useState('classify');
  const [settings, setSettings] = useState(DEFAULTS);
  const [res, setRes] = useState(null);
  const scatter = useRef(null);
  // The encoding (apps/csv/worker.js's csv-encode reply) is the trainer's data description.
  const enc = state.info;
  const busy = !!state.work && !encodingPhase(state.work), encoding = encodingPhase(state.work);
  // One read or encoding at a time (the worker answers in order, so a second read would mix
  // its columns with the first's target): the file input is disabled meanwhile, and a drop
  // onto the area is ignored. A ref, since two events can come before the next render.
  const inFlight = useRef(false);

  /** Runs one read or encoding at a time; a refusal becomes the page's problem. */
  async function once(job) {
    if (inFlight.current) return;
    inFlight.current = true;
    setProblem('');
    try {
      await job();
    } catch (e) {
      setProblem(e.message);
    } finally {
      inFlight.current = false;
    }
  }

  const open = (f) => f && once(async () => {
    const read = await trainer.busy('csv-read', { file: f }, 'reading');
    const t = read.cols[read.cols.length - 1];
    setFile(read);
    setTarget(t.name);
    setTask(suggestTask(t));
    trainer.useData(null); // the old encoding no longer describes what the page shows
    setRes(null);
  });

  const encode = () => once(async () => {
    try {
      trainer.useData(await trainer.busy('csv-encode', { target, task }, 'fitting'));
    } catch (e) {
      trainer.useData(null);
      throw e;
    }
    setRes(null);
    await trainer.configure(settings);
  });

  usePlot(view, 'results', () => {
    const plot = createXYPlot(scatter.current);
    return {
      draw(v) {
        const last = v.last, e = trainer.infoRef.current;
        if (!last?.meta.hasResults || !e) return;
        const truth = e.yTest, out = last.arrays.testOut;
        if (e.task === 'classify') {
          const k = e.classes === 2 ? 1 : e.classes;
          setRes({ epoch: last.meta.epoch, confusion: confusion(truth, predictedClasses(out, k), e.classes) });
          return;
        }
        const un = (a) => Float64Array.from(a, (z) => z * e.targetStats.std + e.targetStats.mean);
        const yt = un(truth), yp = un(out);
        setRes({ epoch: last.meta.epoch, errors: regressionErrors(yp, yt) });
        plot.draw({ xLabel: `actual ${target}`, yLabel: 'predicted', diagonal: true, series: [{ x: yt, y: yp, color: 'rgba(8,119,189,0.8)', size: 3 }] });
      },
    };
  });

  const change = (s) => { setSettings(s); if (enc) trainer.configure(s); };
  const targetCol = file?.cols.find((c) => c.name === target);
  return (
    <Shell page="csv" title="Your own data"
      lead={`Train a network on a CSV file of your own: a header line with column names, then one row per example, comma-, semicolon- or tab-separated, up to ${MAX_BYTES / 1024 / 1024} MB and at least ${MIN_ROWS} rows. The file stays in your browser. Pick the column to predict; numbers are standardized, text becomes one-hot inputs, and every missing value is handled by a rule listed below.`}>
      <Panel title="1 · Your file" testid="file-panel">
        <label class={`nna-drop${busy ? ' nna-busy' : ''}`}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => { e.preventDefault(); open(e.dataTransfer?.files?.[0]); }}>
          <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" data-testid="csv-file" disabled={busy || encoding}
            onChange={(e) => open(e.currentTarget.files?.[0])} />
          <span data-testid="csv-status">{busy ? working(state.work) : file ? `${file.name}: ${file.rows.toLocaleString('en')} rows, ${file.cols.length} columns` : 'Choose a CSV file, or drop one here.'}</span>
        </label>
        {problem || state.phase === 'error' ? <p class="nna-notice nna-error" role="alert" data-testid="csv-error">{problem || state.error}</p> : null}
        {file ? (
          <div class="nna-choose">
            <label>Column to predict
              <select value={target} data-testid="target" onChange={(e) => {
                const c = file.cols.find((x) => x.name === e.currentTarget.value);
                setTarget(c.name); setTask(suggestTask(c));
              }}>
                {file.cols.map((c) => <option value={c.name}>{c.name}</option>)}
              </select>
            </label>
            <label>Task
              <select value={task} data-testid="task" onChange={(e) => setTask(e.currentTarget.value)}>
                <option value="classify">classification</option>
                <option value="regress" disabled={targetCol?.kind !== 'numeric'}>regression</option>
              </select>
            </label>
            <button type="button" class="nna-go" data-testid="encode" onClick={encode} disabled={state.playing || encoding || busy}>
              {encoding ? working(state.work) : 'Encode and build the network'}
            </button>
          </div>
        ) : null}
      </Panel>
      <Panel title="2 · Columns" wide={!!enc}>
        {file ? <Columns cols={file.cols} rows={file.rows} target={target} handling={enc?.handling} /> : <p class="nna-muted">The columns appear here once a file is read.</p>}
        {enc ? (
          <p class="nna-muted" data-testid="encoded">
            {enc.nTrain} training rows and {enc.nTest} test rows (a seeded 80/20 split) × {enc.features} inputs;
            {enc.task === 'classify' ? ` ${enc.classes} classes: ${enc.classNames.join(', ')}.` : ` target standardized with mean ${enc.targetStats.mean.toPrecision(4)} and std ${enc.targetStats.std.toPrecision(4)}.`}
            {enc.notes.map((n) => ` ${n}`)}
          </p>
        ) : null}
      </Panel>
      {enc ? (
        <>
          <Panel title="3 · Network and training" testid="train-panel">
            <TrainPanel view={view} trainer={trainer} settings={settings} onSettings={change} inputs={enc.features}
              outputs={enc.task === 'classify' && enc.classes > 2 ? enc.classes : 1} />
            <Notice error={state.error} message={state.message} />
          </Panel>
          <Panel title="Loss and accuracy">
            <Curves view={view} metric={enc.task === 'classify' ? 'Accuracy' : 'R²'} />
          </Panel>
        </>
      ) : null}
      <Panel title={enc?.task === 'regress' ? 'Test rows: predicted against actual' : 'Test rows: confusion matrix'} testid="csv-results">
        {res?.confusion && enc ? <Confusion counts={res.confusion} labels={enc.classNames} caption={`after epoch ${res.epoch}`} /> : null}
        {res?.errors ? (
          <p class="nna-figures" data-testid="csv-errors">
            <span>RMSE <b>{res.errors.rmse.toPrecision(4)}</b></span><span>MAE <b>{res.errors.mae.toPrecision(4)}</b></span>
            <span>R² <b>{res.errors.r2.toFixed(3)}</b></span>
          </p>
        ) : null}
        <canvas ref={scatter} class="nna-xy" hidden={enc?.task !== 'regress'} data-testid="csv-scatter" />
        {!res ? <p class="nna-muted">After the first evaluation.</p> : null}
      </Panel>
    </Shell>
  );
}

render(<CsvPage />, document.getElementById('app'));
