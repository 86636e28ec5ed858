// network.js — the network diagram: one column per layer (inputs, hidden, output), each drawn
// neuron a small heat map of its own output over the plane, links as curves whose width and
// colour follow the weight (blue positive, orange negative). Hovering a link shows its
// weight. Columns are equal-width slices of the canvas, so the controls above line up.

import { toPixels } from './heatmap.js';
import { BLUE, ORANGE, css } from './colors.js';
import { fitCanvas } from './canvas.js';

const GAP = 8, TOP = 6;

/** Node size for a canvas `width` wide with `columns` columns. @param {number} width @param {number} columns */
export function nodeSize(width, columns) {
  return Math.max(18, Math.min(40, (width / columns) * 0.42));
}

/** Height the canvas needs for the tallest column (plus a line for "+N more"). @param {number} width @param {number[]} drawn */
export function networkHeight(width, drawn) {
  const s = nodeSize(width, drawn.length);
  return TOP + Math.max(...drawn) * (s + GAP) + 18;
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {(text: string) => void} [onHover] told the hovered link's weight in words ('' when none)
 */
export function createNetworkPlot(canvas, onHover = () => {}) {
  const scratch = document.createElement('canvas');
  /** @typedef {{l: number, i: number, j: number, w: number, x0: number, y0: number, x1: number, y1: number}} Link */
  /** @type {{meta: Record<string, any>, neurons: Float32Array, params: Float32Array} | null} */
  let last = null;
  /** @type {Link[]} */
  let links = [];
  /** @type {{x: number, y: number} | null} */
  let hover = null;

  const onMove = (/** @type {PointerEvent} */ e) => { hover = { x: e.offsetX, y: e.offsetY }; if (last) render(); };
  const onLeave = () => { hover = null; if (last) render(); };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', onLeave);

  function render() {
    const { meta, neurons, params } = last;
    const cw = canvas.clientWidth;
    if (!cw) return;
    const ch = Math.round(networkHeight(cw, meta.drawn));
    if (canvas.style.height !== `${ch}px`) canvas.style.height = `${ch}px`;
    const ctx = fitCanvas(canvas, cw, ch);
    ctx.clearRect(0, 0, cw, ch);
    const C = meta.sizes.length, colW = cw / C, S = nodeSize(cw, C);
    /** @param {number} l @param {number} u @returns {[number, number]} */
    const pos = (l, u) => [(l + 0.5) * colW - S / 2, TOP + u * (S + GAP)];

    links = [];
    let maxW = 1e-6;
    for (let l = 1; l < C; l++) {
      const L = meta.layers[l - 1];
      for (let j = 0; j < meta.drawn[l]; j++)
        for (let i = 0; i < meta.drawn[l - 1]; i++) {
          const w = params[L.w + j * L.in + i];
          maxW = Math.max(maxW, Math.abs(w));
          const [ax, ay] = pos(l - 1, i), [bx, by] = pos(l, j);
          links.push({ l, i, j, w, x0: ax + S, y0: ay + S / 2, x1: bx, y1: by + S / 2 });
        }
    }
    const hovered = hover ? nearestLink(hover.x, hover.y) : null;
    onHover(hovered ? describe(hovered) : '');
    for (const k of links) {
      ctx.strokeStyle = css(k.w >= 0 ? BLUE : ORANGE, k === hovered ? 1 : 0.75);
      ctx.lineWidth = k === hovered ? 4 : 0.4 + (3.6 * Math.abs(k.w)) / maxW;
      ctx.beginPath();
      const mx = (k.x0 + k.x1) / 2;
      ctx.moveTo(k.x0, k.y0);
      ctx.bezierCurveTo(mx, k.y0, mx, k.y1, k.x1, k.y1);
      ctx.stroke();
    }

    const px = meta.neuronRes * meta.neuronRes;
    scratch.width = scratch.height = meta.neuronRes;
    const sctx = scratch.getContext('2d');
    let unit = 0;
    for (let l = 0; l < C; l++) {
      const isOut = l === C - 1;
      for (let u = 0; u < meta.drawn[l]; u++, unit++) {
        const how = !isOut || meta.task === 'regression' ? { task: 'signed' }
          : meta.task === 'multiclass' ? { task: 'class', cls: u } : { task: 'binary' };
        const map = neurons.subarray(unit * px, (unit + 1) * px);
        sctx.putImageData(new ImageData(toPixels(map, meta.neuronRes, how), meta.neuronRes, meta.neuronRes), 0, 0);
        const [x, y] = pos(l, u);
        ctx.drawImage(scratch, x, y, S, S);
        ctx.strokeStyle = '#666';
        ctx.lineWidth = 1;
        ctx.strokeRect(x + 0.5, y + 0.5, S - 1, S - 1);
        if (l === 0 && meta.inputNames) {
          ctx.fillStyle = '#333';
          ctx.font = '12px system-ui, sans-serif';
          ctx.textAlign = 'right';
          ctx.fillText(meta.inputNames[u], x - 5, y + S / 2 + 4);
        }
      }
      if (meta.sizes[l] > meta.drawn[l]) {
        ctx.fillStyle = '#444';
        ctx.font = '11px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText(`+${meta.sizes[l] - meta.drawn[l]} more`, (l + 0.5) * colW, TOP + meta.drawn[l] * (S + GAP) + 10);
      }
    }
    if (hovered) tooltip(ctx, hovered, cw);
  }

  /** The link whose curve passes within 5 px of (x, y), sampled along the Bézier. @param {number} x @param {number} y */
  function nearestLink(x, y) {
    let best = null, bestD = 25;
    for (const k of links) {
      if (x < k.x0 - 5 || x > k.x1 + 5) continue;
      const mx = (k.x0 + k.x1) / 2;
      for (let s = 0; s <= 16; s++) {
        const t = s / 16, a = (1 - t) ** 3, b = 3 * (1 - t) ** 2 * t, c = 3 * (1 - t) * t * t, d = t ** 3;
        const bx = a * k.x0 + b * mx + c * mx + d * k.x1, by = a * k.y0 + b * k.y0 + c * k.y1 + d * k.y1;
        const dd = (bx - x) ** 2 + (by - y) ** 2;
        if (dd < bestD) { bestD = dd; best = k; }
      }
    }
    return best;
  }

  /** @param {Link} k */
  function describe(k) {
    return `weight ${k.w.toFixed(3)} (layer ${k.l}: unit ${k.i + 1} → ${k.j + 1})`;
  }

  /** @param {CanvasRenderingContext2D} ctx @param {Link} k @param {number} cw */
  function tooltip(ctx, k, cw) {
    const text = describe(k);
    ctx.font = '12px system-ui, sans-serif';
    const w = ctx.measureText(text).width + 10;
    const x = Math.min(Math.max(0, hover.x - w / 2), cw - w), y = Math.max(0, hover.y - 28);
    ctx.fillStyle = 'rgba(255,255,255,0.95)';
    ctx.fillRect(x, y, w, 20);
    ctx.strokeStyle = '#888';
    ctx.strokeRect(x + 0.5, y + 0.5, w, 20);
    ctx.fillStyle = '#222';
    ctx.textAlign = 'left';
    ctx.fillText(text, x + 5, y + 14);
  }

  return {
    /** @param {Record<string, any>} meta @param {Float32Array} neurons @param {Float32Array} params */
    draw(meta, neurons, params) { last = { meta, neurons, params }; render(); },
    destroy() {
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerleave', onLeave);
    },
  };
}
