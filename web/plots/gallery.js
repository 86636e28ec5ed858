// gallery.js — misclassified test images, the most confident mistakes first (the engine picks
// them: engine.metricsMistakes): each its stored pixels, the network's guess with its
// probability, the true class, and all the class probabilities as a small bar chart. Built
// into a container element from a snapshot's sections.

import { drawDigit } from './digits.js';

/**
 * @param {HTMLElement} box
 * @param {{rows: number[], pred: number[], truth: number[]}} m  the mistakes, most confident first
 * @param {Float32Array} probs  (mistakes, k)
 * @param {Float32Array} images  (mistakes, pixels) bytes 0..255
 */
export function drawGallery(box, m, probs, images) {
  const k = probs.length / Math.max(1, m.rows.length), px = images.length / Math.max(1, m.rows.length);
  /** @param {string} tag @param {string} [cls] @param {string} [text] */
  const el = (tag, cls = '', text = '') => Object.assign(document.createElement(tag), { className: cls, textContent: text });
  box.replaceChildren(...m.rows.map((row, i) => {
    const p = probs.subarray(i * k, (i + 1) * k), pred = m.pred[i], truth = m.truth[i];
    const fig = el('figure', 'nnp-mistake');
    fig.title = `test image #${row}: true ${truth}, predicted ${pred} (${(100 * p[pred]).toFixed(1)} %)`;
    const img = document.createElement('canvas');
    drawDigit(img, images.subarray(i * px, (i + 1) * px), 1 / 255);
    const bars = el('div', 'nnp-mistake-bars');
    bars.setAttribute('aria-hidden', 'true');
    p.forEach((v, d) => {
      const bar = el('span', d === truth ? 'nnp-truth' : d === pred ? 'nnp-pred' : '');
      bar.style.height = `${Math.max(1, 100 * v)}%`;
      bars.append(bar);
    });
    const cap = el('figcaption');
    cap.append(el('b', '', String(pred)), ` ${(100 * p[pred]).toFixed(0)}%`, document.createElement('br'), `true ${truth}`);
    fig.append(img, bars, cap);
    return fig;
  }));
}
