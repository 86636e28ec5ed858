// csv-rules.js — the CSV page's limits and the problem a column suggests, apart from
// worker/csv-table.js so the page's own bundle holds them without Papa Parse (which only the
// worker needs).

export const MAX_BYTES = 50 * 1024 * 1024;
export const MIN_ROWS = 10;
export const MAX_LEVELS = 50;       // a categorical column with more is left out (an id, free text)
export const MAX_CLASSES = 50;
// The encoded inputs are float32, once in the worker and once in the engine's wasm memory
// (which a 32-bit wasm caps at 2 GiB, its training buffers included): at most this many bytes.
export const MAX_ENCODED_BYTES = 512 * 1024 * 1024;

/** The problem a target column suggests: numbers with many values are a regression. */
/** @param {{kind: string, levels: string[]}} col */
export function suggestProblem(col) {
  return col.kind === 'numeric' && col.levels.length > 10 ? 'regression' : 'classification';
}
