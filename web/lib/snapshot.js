// snapshot.js — the compact message the worker posts at most once per animation frame: a
// small plain `meta` object plus one Float32Array holding every per-frame array back to back,
// so a single ArrayBuffer goes in the transfer list and nothing large is copied.

/**
 * @param {Record<string, any>} meta scalars (epoch, losses, speed, sizes …)
 * @param {Record<string, Float32Array>} sections named arrays
 * @returns {{msg: {type: 'snapshot', meta: object, layout: Record<string, [number, number]>, buf: ArrayBuffer}, transfer: ArrayBuffer[]}}
 */
export function encodeSnapshot(meta, sections) {
  /** @type {Record<string, [number, number]>} */
  const layout = {};
  let total = 0;
  for (const [name, a] of Object.entries(sections)) {
    layout[name] = [total, a.length];
    total += a.length;
  }
  const all = new Float32Array(total);
  for (const [name, a] of Object.entries(sections)) all.set(a, layout[name][0]);
  return { msg: { type: 'snapshot', meta, layout, buf: all.buffer }, transfer: [all.buffer] };
}

/**
 * Views into the snapshot's buffer by section name; refuses a layout that does not fit.
 * @param {{meta: Record<string, any>, layout: Record<string, [number, number]>, buf: ArrayBuffer}} msg
 * @returns {{meta: Record<string, any>, arrays: Record<string, Float32Array>}}
 */
export function decodeSnapshot(msg) {
  if (!(msg.buf instanceof ArrayBuffer) || msg.buf.byteLength % 4)
    throw new Error(`snapshot: buffer of ${msg.buf?.byteLength} bytes is not a Float32 buffer`);
  const all = new Float32Array(msg.buf);
  /** @type {Record<string, Float32Array>} */
  const arrays = {};
  for (const [name, [off, len]] of Object.entries(msg.layout)) {
    if (!(Number.isInteger(off) && Number.isInteger(len) && off >= 0 && len >= 0 && off + len <= all.length))
      throw new Error(`snapshot: section '${name}' [${off}, +${len}) outside a buffer of ${all.length} floats`);
    arrays[name] = all.subarray(off, off + len);
  }
  return { meta: msg.meta, arrays };
}

/** Columns of a history row; one row per epoch, then one gradient norm per dense layer. */
export const HISTORY_COLUMNS = ['epoch', 'trainLoss', 'testLoss', 'trainAcc', 'testAcc', 'lr'];
