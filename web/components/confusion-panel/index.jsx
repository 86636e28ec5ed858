// ConfusionPanel — the test rows' confusion matrix after the latest epoch, from the engine's
// counts (engine.metricsClassify in the worker), drawn by plots/confusion.js.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { drawConfusion } from '../../plots/confusion.js';
import { Panel } from '../panel/index.jsx';

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function ConfusionPanel({ ctx }) {
  const table = useRef(null), note = useRef(null);
  const labels = useRef(/** @type {string[]} */ ([]));
  // A toy set's classes have no names but their numbers (the output's legend says "class 0" …).
  labels.current = ctx.info?.classNames ?? Array.from({ length: ctx.outputs > 1 ? ctx.outputs : 2 }, (_, c) => String(c));
  usePlot(ctx.view, 'confusion', () => ({
    draw(v) {
      const r = v.results;
      if (!r?.arrays.confusion || !labels.current.length) return;
      drawConfusion(table.current, r.arrays.confusion, labels.current, `after epoch ${r.meta.epoch}`);
      note.current.hidden = true;
    },
  }));
  return (
    <Panel title="Confusion matrix (test)" span={labels.current.length > 4 ? 2 : 1}>
      <table class="nnp-confusion" ref={table} data-testid="confusion" />
      <p class="nnp-note" ref={note}>After the first evaluation.</p>
    </Panel>
  );
}
