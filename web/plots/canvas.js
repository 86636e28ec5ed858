// canvas.js — sizing a canvas for sharp drawing: its backing store in device pixels, its
// drawing in CSS pixels.

/**
 * Sizes the canvas's backing store to cssW × cssH CSS pixels at the device pixel ratio and
 * returns its 2D context scaled so that drawing is in CSS pixels. A size is written only when
 * it changed, because writing one clears the canvas and costs a reallocation every frame.
 * @param {HTMLCanvasElement} canvas
 * @param {number} cssW
 * @param {number} cssH
 */
export function fitCanvas(canvas, cssW, cssH) {
  const dpr = globalThis.devicePixelRatio || 1;
  const w = Math.round(cssW * dpr), h = Math.round(cssH * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/**
 * Follows the pointer over the canvas: `at()` is where it is in CSS pixels (null when it is
 * off the canvas), and `moved()` runs on every move in or out, to redraw. `stop()` lets go.
 * @param {HTMLCanvasElement} canvas
 * @param {() => void} moved
 */
export function trackPointer(canvas, moved) {
  /** @type {{x: number, y: number} | null} */
  let at = null;
  const onMove = (/** @type {PointerEvent} */ e) => { at = { x: e.offsetX, y: e.offsetY }; moved(); };
  const onLeave = () => { at = null; moved(); };
  canvas.addEventListener('pointermove', onMove);
  canvas.addEventListener('pointerleave', onLeave);
  return {
    at: () => at,
    stop() {
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerleave', onLeave);
    },
  };
}
