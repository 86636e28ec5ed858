// MistakesPanel — the misclassified test images, most confident first, with how many the
// network got wrong; the engine picks them (engine.metricsMistakes), the worker sends their
// stored pixels and probabilities, plots/gallery.js lays them out.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { drawGallery } from '../../plots/gallery.js';
import { Panel } from '../panel/index.jsx';
import './style.css';

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function MistakesPanel({ ctx }) {
  const box = useRef(null), count = useRef(null);
  usePlot(ctx.view, 'mistakes', () => ({
    draw(v) {
      const m = v.results?.meta.mistakes;
      if (!m) return;
      count.current.textContent = `${m.wrong.toLocaleString('en')} of ${m.total.toLocaleString('en')} test images misclassified` +
        (m.rows.length ? `; the ${m.rows.length} most confident mistakes:` : '');
      drawGallery(box.current, m, v.results.arrays.mistakeProbs, v.results.arrays.mistakeImages);
    },
  }));
  return (
    <Panel title="Misclassified test images" span="wide">
      <p class="nnp-note" ref={count} data-testid="mistakes">After the first evaluation.</p>
      <div class="nnp-gallery" ref={box} />
    </Panel>
  );
}
