// frame.js — what the line chart, the bar chart and the x–y plot draw alike: a cleared
// canvas with the font of their labels, and the plot area's frame with the values at the ends
// of both axes.
import { fitCanvas } from './canvas.js';

export const FONT = '11px system-ui, sans-serif';

/**
 * Starts a frame: the canvas sized to its CSS box, cleared, the labels' font set. Null when it
 * has no box yet (not laid out), or when there is nothing to draw: then `empty.text` is
 * written at `empty.x`, half-way down.
 * @param {HTMLCanvasElement} canvas
 * @param {{text: string, x: number} | null} [empty]
 * @returns {{ctx: CanvasRenderingContext2D, cw: number, ch: number} | null}
 */
export function startFrame(canvas, empty = null) {
  const cw = canvas.clientWidth, ch = canvas.clientHeight;
  if (!cw || !ch) return null;
  const ctx = fitCanvas(canvas, cw, ch);
  ctx.clearRect(0, 0, cw, ch);
  ctx.font = FONT;
  if (!empty) return { ctx, cw, ch };
  ctx.fillStyle = '#888';
  ctx.fillText(empty.text, empty.x, ch / 2);
  return null;
}

/**
 * The frame of the plot area (W × H at `pad.l`, `pad.t`), the y axis's ends left of it and
 * the x axis's ends on the baseline `xBaseline`. Leaves fillStyle set to the labels' grey.
 * @param {CanvasRenderingContext2D} ctx
 * @param {{l: number, t: number}} pad
 * @param {number} W
 * @param {number} H
 * @param {{yHi: string, yLo: string, xLo: string, xHi: string, xBaseline: number}} ends
 */
export function drawFrame(ctx, pad, W, H, { yHi, yLo, xLo, xHi, xBaseline }) {
  ctx.strokeStyle = '#ccc';
  ctx.lineWidth = 1;
  ctx.strokeRect(pad.l + 0.5, pad.t + 0.5, W, H);
  ctx.fillStyle = '#555';
  ctx.textAlign = 'right';
  ctx.fillText(yHi, pad.l - 4, pad.t + 9);
  ctx.fillText(yLo, pad.l - 4, pad.t + H);
  ctx.textAlign = 'left';
  ctx.fillText(xLo, pad.l, xBaseline);
  ctx.textAlign = 'right';
  ctx.fillText(xHi, pad.l + W, xBaseline);
}
