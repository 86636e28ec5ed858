// FitPanel — a regression of x₁ alone (the curve set) seen as a curve: the data points at
// (x₁, y) and the network's output y(x₁) drawn as a line across the plane's width, from the
// engine's predictions at FIT_POINTS points along x₂ = 0 (the snapshot's `fit`), under the
// latest epoch's test loss and R².

import { usePlot } from '../../lib/use-plot.js';
import { useRef } from 'preact/hooks';
import { planeLine, EXTENT } from '../../lib/features.js';
import { formatNumber } from '../../plots/linechart.js';
import { createXYPlot } from '../../plots/xy.js';
import { Panel } from '../panel/index.jsx';

const TRAIN_C = 'rgba(245,147,34,0.6)', TEST_C = 'rgba(8,119,189,0.8)', FIT_C = '#333';

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function FitPanel({ ctx }) {
  const canvas = useRef(null), figures = useRef(null);
  usePlot(ctx.view, 'fit', () => {
    const plot = createXYPlot(canvas.current);
    /** @type {Float32Array | null} */
    let xs = null;
    /** @param {import('../../lib/view.js').View} v */
    const draw = (v) => {
      const pts = v.points, fit = v.last?.arrays.fit;
      const m = v.last?.meta;
      if (m) figures.current.textContent = `epoch ${m.epoch} · test loss ${formatNumber(m.testLoss)} · R² ${formatNumber(m.testAcc)} test`;
      if (!pts) return;
      const n = m?.fitPoints;
      if (n && xs?.length !== n) xs = planeLine(n).filter((_, i) => i % 2 === 0);
      const part = (/** @type {number} */ from, /** @type {number} */ to) => ({
        x: pts.x.filter((_, i) => i % 2 === 0).slice(from, to), y: pts.y.slice(from, to),
      });
      /** @type {import('../../plots/xy.js').Series[]} */
      const series = [{ ...part(0, pts.nTrain), color: TRAIN_C }, { ...part(pts.nTrain, pts.y.length), color: TEST_C, size: 3 }];
      if (fit?.length && xs) series.push({ x: xs, y: fit, color: FIT_C, mode: 'line' });
      plot.draw({ xLabel: 'x₁', yLabel: 'y', xRange: [-EXTENT, EXTENT], yRange: [-1.2, 1.2], zeroLine: true, series });
    };
    return { draw, data: draw };
  });
  return (
    <Panel title="Fit along x₁" span={2} testid="fit">
      <div class="nnp-note" ref={figures} data-testid="fit-figures" aria-live="off">Press play to train.</div>
      <canvas ref={canvas} class="nnp-xy" data-testid="fit-plot" role="img" aria-label="The data and the network's output against x₁" />
      <p class="nnp-note"><span style={{ color: '#f59322' }}>■</span> training points, <span style={{ color: '#0877bd' }}>■</span> test points, <b>—</b> the network's output y(x₁).</p>
    </Panel>
  );
}
