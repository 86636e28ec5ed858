// Gallery — misclassified test digits, the most confident mistakes first: each with its true
// label, the network's guess, and its ten probabilities as a small bar chart.

import { useEffect, useRef } from 'preact/hooks';
import { drawDigit } from '../images.js';
import { SIDE } from '../preprocess.js';
import './style.css';

/** @typedef {{index: number, truth: number, pred: number, probs: Float32Array}} Mistake */

/** @param {{mistakes: Mistake[], total: number, testX: Uint8Array}} props */
export function Gallery({ mistakes, total, testX }) {
  return (
    <div>
      <p class="nna-muted" data-testid="mistakes">
        {total.toLocaleString('en')} of {(testX.length / (SIDE * SIDE)).toLocaleString('en')} test digits misclassified
        {mistakes.length ? `; the ${mistakes.length} most confident mistakes:` : ''}
      </p>
      <div class="nna-gallery">
        {mistakes.map((m) => <Tile m={m} testX={testX} key={m.index} />)}
      </div>
    </div>
  );
}

function Tile({ m, testX }) {
  const img = useRef(null);
  const n = SIDE * SIDE;
  useEffect(() => drawDigit(img.current, testX.subarray(m.index * n, (m.index + 1) * n), 1 / 255), [m, testX]);
  return (
    <figure class="nna-tile" title={`test digit #${m.index}: true ${m.truth}, predicted ${m.pred} (${(100 * m.probs[m.pred]).toFixed(1)} %)`}>
      <canvas ref={img} />
      <div class="nna-tile-bars" aria-hidden="true">
        {Array.from(m.probs, (p, d) => (
          <span class={d === m.truth ? 'nna-truth' : d === m.pred ? 'nna-pred' : ''} style={{ height: `${Math.max(1, 100 * p)}%` }} />
        ))}
      </div>
      <figcaption><b>{m.pred}</b> {(100 * m.probs[m.pred]).toFixed(0)}%<br />true {m.truth}</figcaption>
    </figure>
  );
}
