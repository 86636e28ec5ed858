// frame.js — what the line chart and the x–y plot draw alike: the font of their labels, and
// the plot area's frame with the values at the ends of both axes.

export const FONT = '11px system-ui, sans-serif';

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
