// CsvPanel — the learner's own file: chosen or dropped, read, checked and described by the
// worker (a malformed file is refused with the line or the reason, and the last good one
// stays), with its progress shown; then the column to predict and the problem, and the
// encoding, after which the worker trains on it. One read or encoding at a time.

import { useRef, useState } from 'preact/hooks';
import { suggestProblem } from '../../lib/csv-rules.js';
import { Panel } from '../panel/index.jsx';
import { Columns } from './columns.jsx';

/** @typedef {import('../../worker/csv-table.js').Column} Column */
import './style.css';

/** The worker's progress phases (worker/csv-table.js), as the page names them. */
/** @type {Record<string, string>} */
const PHASES = { reading: 'Reading', parsing: 'Parsing', describing: 'Describing the columns', fitting: 'Fitting the columns', encoding: 'Encoding' };
const ENCODING = new Set(['fitting', 'encoding']);

/** What the worker is doing with the file, from its last progress report ('Parsing… 45 %'). */
/** @param {{phase: string, fraction: number}} work */
function working(work) {
  const what = PHASES[work.phase];
  return work.phase === 'reading' || work.phase === 'describing' ? `${what}…` : `${what}… ${Math.round(100 * work.fraction)} %`;
}

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function CsvPanel({ ctx }) {
  /** @type {[{name: string, rows: number, cols: Column[]} | null, (f: any) => void]} the worker keeps the table */
  const [file, setFile] = useState(null);
  const [problem, setProblem] = useState('');    // a refusal, shown here
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState('classification');
  /** @type {[Omit<import('../../worker/csv-table.js').Encoded, 'x' | 'y'> | null, (e: any) => void]} the encoding's small parts */
  const [enc, setEnc] = useState(null);
  const encoding = ctx.work && ENCODING.has(ctx.work.phase), reading = ctx.busy && !encoding;
  // One read or encoding at a time (the worker answers in order, so a second read would mix
  // its columns with the first's target): the file input is disabled meanwhile, and a drop
  // onto the area is ignored. A ref, since two events can come before the next render.
  const inFlight = useRef(false);

  /** Runs one read or encoding at a time; a refusal becomes the panel's problem. */
  /** @param {() => Promise<void>} job */
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

  const open = (/** @type {File | undefined} */ f) => f && once(async () => {
    const read = await ctx.longRequest('csvRead', { file: f }, 'reading');
    const t = read.cols[read.cols.length - 1];
    setFile(read);
    setTarget(t.name);
    setKind(suggestProblem(t));
    setEnc(null);
    await ctx.opened(null); // the old encoding no longer describes what the panel shows
  });

  const encode = () => once(async () => {
    try {
      const { encoding, info } = await ctx.longRequest('csvEncode', { target, problem: kind }, 'fitting');
      setEnc(encoding);
      await ctx.opened(info);
    } catch (e) {
      setEnc(null);
      await ctx.opened(null);
      throw e;
    }
  });

  const targetCol = file?.cols.find((c) => c.name === target);
  return (
    <>
      <Panel title="1 · Your file" testid="file-panel">
        <label class={`nnp-drop${reading ? ' nnp-busy' : ''}`}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => { e.preventDefault(); open(e.dataTransfer?.files?.[0]); }}>
          <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" data-testid="csv-file" disabled={ctx.busy}
            onChange={(e) => open(e.currentTarget.files?.[0])} />
          <span data-testid="csv-status">{reading ? working(ctx.work) : file ? `${file.name}: ${file.rows.toLocaleString('en')} rows, ${file.cols.length} columns` : 'Choose a CSV file, or drop one here.'}</span>
        </label>
        {problem ? <p class="nnp-error" role="alert" data-testid="csv-error">{problem}</p> : null}
        {file ? (
          <div class="nnp-choose">
            <label>Column to predict
              <select value={target} data-testid="target" onChange={(e) => {
                const c = file.cols.find((x) => x.name === e.currentTarget.value);
                setTarget(c.name); setKind(suggestProblem(c));
              }}>
                {file.cols.map((c) => <option value={c.name}>{c.name}</option>)}
              </select>
            </label>
            <label>Problem
              <select value={kind} data-testid="task" onChange={(e) => setKind(e.currentTarget.value)}>
                <option value="classification">classification</option>
                <option value="regression" disabled={targetCol?.kind !== 'numeric'}>regression</option>
              </select>
            </label>
            <button type="button" class="nnp-go" data-testid="encode" onClick={encode} disabled={ctx.playing || ctx.busy}>
              {encoding ? working(ctx.work) : 'Encode and build the network'}
            </button>
          </div>
        ) : null}
      </Panel>
      <Panel title="2 · Columns" span={enc ? 'wide' : 1}>
        {file ? <Columns cols={file.cols} rows={file.rows} target={target} handling={enc?.handling} /> : <p class="nnp-note">The columns appear here once a file is read.</p>}
        {enc ? (
          <p class="nnp-note" data-testid="encoded">
            {enc.nTrain} training rows and {enc.nTest} test rows (a seeded 80/20 split) × {enc.features} inputs;
            {enc.problem === 'classification' ? ` ${enc.classes} classes: ${enc.classNames.join(', ')}.` : ` target standardized with mean ${enc.targetStats.mean.toPrecision(4)} and std ${enc.targetStats.std.toPrecision(4)}.`}
            {enc.notes.map((n) => ` ${n}`)}
          </p>
        ) : null}
      </Panel>
    </>
  );
}
