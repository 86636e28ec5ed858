// network.js — the network diagram: one column per layer (inputs, hidden, output), each drawn
// neuron a small heat map of its own output over the plane, links as curves whose width and
// colour follow the weight (blue positive, orange negative). The input column shows every
// feature the plane offers, those not fed in faded; clicking one toggles it. Hovering a link
// shows its weight, clicking it opens its weight for editing; hovering a neuron shows its map
// large in the output plane. Columns are equal-width slices of the canvas, so the controls
// above line up; the input column leaves room on its left for the features' names.

import { toPixels, unitColouring } from './heatmap.js';
import { BLUE, ORANGE, css } from './colors.js';
import { fitCanvas, trackPointer } from './canvas.js';

const GAP = 8, TOP = 6, LABEL_FONT = '12px system-ui, sans-serif';

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
 * @typedef {{l: number, i: number, j: number, w: number, x0: number, y0: number, x1: number, y1: number}} Link
 *   l: the network's layer (1-based column of its target), i its input, j its unit
 * @typedef {{l: number, u: number, x: number, y: number}} Node  l: the column, u: the unit (or input row)
 * @typedef {object} Handlers
 * @property {(text: string) => void} [onHover]  the hovered link's weight in words ('' when none)
 * @property {(focus: {layer: number, unit: number} | null) => void} [onFocus]  the hovered neuron
 * @property {(link: {layer: number, from: number, to: number, weight: number, x: number, y: number}) => void} [onLink]
 *   a link was clicked: its layer (0-based), input, unit, weight and the click in CSS pixels
 * @property {(row: number) => void} [onInput]  an input node was clicked: its row
 */

/** @param {HTMLCanvasElement} canvas @param {Handlers} [on] */
export function createNetworkPlot(canvas, on = {}) {
  const scratch = document.createElement('canvas');
  /** @type {{meta: Record<string, any>, neurons: Float32Array, params: Float32Array} | null} */
  let last = null;
  /** @type {Link[]} */
  let links = [];
  /** @type {Node[]} */
  let nodes = [];
  let size = 0;
  /** @type {Node | null} */
  let focused = null;

  const pointer = trackPointer(canvas, () => { if (last) render(); });
  const onClick = (/** @type {MouseEvent} */ e) => {
    if (!last) return;
    const node = nodeAt(e.offsetX, e.offsetY);
    if (node) {
      if (node.l === 0) on.onInput?.(node.u);
      return;
    }
    const k = nearestLink(e.offsetX, e.offsetY);
    if (k) on.onLink?.({ layer: k.l - 1, from: k.i, to: k.j, weight: k.w, x: e.offsetX, y: e.offsetY });
  };
  canvas.addEventListener('click', onClick);

  function render() {
    const { meta, neurons, params } = last;
    const cw = canvas.clientWidth;
    if (!cw) return;
    const ch = Math.round(networkHeight(cw, meta.drawn));
    if (canvas.style.height !== `${ch}px`) canvas.style.height = `${ch}px`;
    const ctx = fitCanvas(canvas, cw, ch);
    ctx.clearRect(0, 0, cw, ch);
    const C = meta.sizes.length, colW = cw / C, S = nodeSize(cw, C);
    size = S;
    ctx.font = LABEL_FONT;
    // The input column moves right as far as its longest name needs.
    const names = meta.inputNames ?? [];
    const gutter = Math.max(0, ...names.map((/** @type {string} */ n) => ctx.measureText(n).width)) + 8;
    const inputX = Math.max(colW / 2 - S / 2, gutter);
    const inputRows = meta.inputRows ?? Array.from({ length: meta.drawn[0] }, (_, i) => i);
    /** @param {number} l @param {number} u @returns {[number, number]} */
    const pos = (l, u) => [l === 0 ? inputX : (l + 0.5) * colW - S / 2, TOP + u * (S + GAP)];

    links = [];
    let maxW = 1e-6;
    for (let l = 1; l < C; l++) {
      const L = meta.layers[l - 1];
      /** @type {number[]} the rows of this layer's inputs */
      const from = l === 1 ? inputRows : Array.from({ length: meta.drawn[l - 1] }, (_, i) => i);
      for (let j = 0; j < meta.drawn[l]; j++)
        from.forEach((row, i) => {
          const w = params[L.w + j * L.in + i];
          maxW = Math.max(maxW, Math.abs(w));
          const [ax, ay] = pos(l - 1, row), [bx, by] = pos(l, j);
          links.push({ l, i, j, w, x0: ax + S, y0: ay + S / 2, x1: bx, y1: by + S / 2 });
        });
    }
    nodes = [];
    for (let l = 0; l < C; l++)
      for (let u = 0; u < meta.drawn[l]; u++) {
        const [x, y] = pos(l, u);
        nodes.push({ l, u, x, y });
      }
    const hover = pointer.at();
    const overNode = hover ? nodeAt(hover.x, hover.y) : null;
    const hovered = hover && !overNode ? nearestLink(hover.x, hover.y) : null;
    on.onHover?.(hovered ? describe(hovered) : '');
    canvas.style.cursor = overNode?.l === 0 || hovered ? 'pointer' : '';
    const focus = overNode && (overNode.l > 0 || inputRows.includes(overNode.u)) ? overNode : null;
    if (focus?.l !== focused?.l || focus?.u !== focused?.u) {
      focused = focus;
      on.onFocus?.(focus && { layer: focus.l, unit: focus.u });
    }
    for (const k of links) {
      ctx.strokeStyle = css(k.w >= 0 ? BLUE : ORANGE, k === hovered ? 1 : 0.75);
      ctx.lineWidth = k === hovered ? 4 : 0.4 + (3.6 * Math.abs(k.w)) / maxW;
      ctx.beginPath();
      const mx = (k.x0 + k.x1) / 2;
      ctx.moveTo(k.x0, k.y0);
      ctx.bezierCurveTo(mx, k.y0, mx, k.y1, k.x1, k.y1);
      ctx.stroke();
    }

    const res = meta.neuronRes, px = res * res, dpr = globalThis.devicePixelRatio || 1;
    // Each map drawn at the node's device size, interpolated from its grid.
    const side = Math.max(res, Math.round(S * dpr));
    scratch.width = scratch.height = side;
    const sctx = scratch.getContext('2d');
    let unit = 0;
    for (let l = 0; l < C; l++) {
      for (let u = 0; u < meta.drawn[l]; u++, unit++) {
        const fed = l > 0 || inputRows.includes(u);
        const map = neurons.subarray(unit * px, (unit + 1) * px);
        sctx.putImageData(new ImageData(toPixels(map, res, unitColouring(meta.task, l === C - 1, u), side), side, side), 0, 0);
        const [x, y] = pos(l, u);
        ctx.globalAlpha = fed ? 1 : 0.3;
        ctx.drawImage(scratch, x, y, S, S);
        ctx.globalAlpha = 1;
        const lit = focus && focus.l === l && focus.u === u;
        ctx.strokeStyle = lit ? '#111' : fed ? '#666' : '#aaa';
        ctx.lineWidth = lit ? 2 : 1;
        if (!fed) ctx.setLineDash([3, 2]);
        ctx.strokeRect(x + 0.5, y + 0.5, S - 1, S - 1);
        ctx.setLineDash([]);
        if (l === 0 && names[u]) {
          ctx.fillStyle = fed ? '#333' : '#999';
          ctx.font = LABEL_FONT;
          ctx.textAlign = 'right';
          ctx.fillText(names[u], x - 5, y + S / 2 + 4);
        }
      }
      if (l > 0 && meta.sizes[l] > meta.drawn[l]) {
        ctx.fillStyle = '#444';
        ctx.font = '11px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText(`+${meta.sizes[l] - meta.drawn[l]} more`, (l + 0.5) * colW, TOP + meta.drawn[l] * (S + GAP) + 10);
      }
    }
    if (hovered && hover) tooltip(ctx, hovered, hover, cw);
  }

  /** The node under (x, y), or null. @param {number} x @param {number} y */
  function nodeAt(x, y) {
    return nodes.find((n) => x >= n.x && x <= n.x + size && y >= n.y && y <= n.y + size) ?? null;
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
    return `weight ${k.w.toFixed(3)} (layer ${k.l}: unit ${k.i + 1} → ${k.j + 1}); click to edit`;
  }

  /** @param {CanvasRenderingContext2D} ctx @param {Link} k @param {{x: number, y: number}} hover @param {number} cw */
  function tooltip(ctx, k, hover, cw) {
    const text = describe(k);
    ctx.font = LABEL_FONT;
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
      pointer.stop();
      canvas.removeEventListener('click', onClick);
    },
  };
}
