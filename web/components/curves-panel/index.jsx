// CurvesPanel — what a binary classifier's scores are worth, on the test rows: the ROC and
// precision–recall curves with their areas (the engine's, exact), and a threshold slider with
// the confusion matrix, accuracy, precision and recall it gives, against the baseline that
// always predicts the larger class. Three panels of the grid, one threshold.

import { useRef, useState } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { createCurvePlots, countsAt } from '../../plots/curve.js';
import { drawConfusion } from '../../plots/confusion.js';
import { Panel } from '../panel/index.jsx';
import './style.css';

const pct = (/** @type {number} */ v) => `${(100 * v).toFixed(1)} %`;

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function CurvesPanel({ ctx }) {
  const [threshold, setThreshold] = useState(0.5);
  const t = useRef(threshold);
  const roc = useRef(null), pr = useRef(null), table = useRef(null), figures = useRef(null), verdict = useRef(null);
  const auc = useRef(null), ap = useRef(null);
  const accuracy = useRef(null), baseline = useRef(null), precision = useRef(null), recall = useRef(null);
  const labels = ctx.preset.classLabels ?? ctx.info?.classNames ?? ['0', '1'];
  const labelsRef = useRef(labels);
  labelsRef.current = labels;

  usePlot(ctx.view, 'curves', () => {
    const plots = createCurvePlots(roc.current, pr.current);
    /** @type {import('../../lib/view.js').Snapshot | null} */
    let shown = null;
    let shownAt = NaN;
    return {
      draw(v) {
        const r = v.results;
        if (!r?.arrays.tp || (shown === r && shownAt === t.current)) return;
        shown = r;
        shownAt = t.current;
        const c = { thresholds: r.arrays.thresholds, tp: r.arrays.tp, fp: r.arrays.fp, positives: r.meta.positives, negatives: r.meta.negatives };
        plots.draw(c, t.current);
        auc.current.textContent = ` — AUC ${r.meta.auc.toFixed(3)}`;
        ap.current.textContent = ` — average precision ${r.meta.ap.toFixed(3)}`;
        const at = countsAt(c, t.current), n = c.positives + c.negatives;
        drawConfusion(table.current, [at.tn, at.fp, at.fn, at.tp], labelsRef.current, `test rows at threshold ${t.current.toFixed(2)}`);
        const acc = (at.tp + at.tn) / n;
        const base = Math.max(c.negatives, c.positives) / n;
        accuracy.current.textContent = pct(acc);
        baseline.current.textContent = pct(base);
        precision.current.textContent = at.tp + at.fp ? pct(at.tp / (at.tp + at.fp)) : '–';
        recall.current.textContent = pct(at.tp / c.positives);
        figures.current.hidden = false;
        verdict.current.textContent = acc > base
          ? `At this threshold the network beats the baseline by ${(100 * (acc - base)).toFixed(1)} points: even guessing the larger class for everybody is right ${pct(base)} of the time.`
          : 'At this threshold the network is less accurate than the baseline, yet it finds cases the baseline never does: accuracy favours the majority class; the curves show what the scores are worth.';
      },
    };
  });

  const slide = (/** @type {number} */ v) => {
    t.current = v;
    setThreshold(v);
    ctx.view.redraw('curves');
  };
  return (
    <>
      <Panel title="Threshold and confusion matrix" testid="threshold-panel">
        <label class="nnp-threshold">
          threshold <b>{threshold.toFixed(2)}</b>
          <input type="range" min={0.01} max={0.99} step={0.01} value={threshold} data-testid="threshold"
            onInput={(e) => slide(Number(e.currentTarget.value))} />
        </label>
        <table class="nnp-confusion" ref={table} data-testid="confusion" />
        <div class="nnp-figures" ref={figures} data-testid="threshold-figures" hidden>
          <span>accuracy <b ref={accuracy} data-testid="accuracy" /></span>
          <span>{ctx.preset.baseline ? `"${ctx.preset.baseline}" baseline` : 'baseline'} <b ref={baseline} data-testid="baseline" /></span>
          <span>precision <b ref={precision} /></span>
          <span>recall <b ref={recall} /></span>
        </div>
        <p class="nnp-note" ref={verdict}>After the first evaluation.</p>
      </Panel>
      <Panel title={<>ROC curve<span ref={auc} /></>} label="ROC curve" testid="roc-panel">
        <canvas ref={roc} class="nnp-xy" data-testid="roc" role="img" aria-label="ROC curve of the test rows" />
        <p class="nnp-note">Each point is a threshold; the orange dot is the slider's. The diagonal is guessing.</p>
      </Panel>
      <Panel title={<>Precision–recall<span ref={ap} /></>} label="Precision–recall curve">
        <canvas ref={pr} class="nnp-xy" data-testid="pr" role="img" aria-label="Precision against recall on the test rows" />
        <p class="nnp-note">The grey line is the share of positives: the precision of guessing.</p>
      </Panel>
    </>
  );
}
