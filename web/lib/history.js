// history.js — the curves' data on the page: one row per epoch (the columns of
// snapshot.js's HISTORY_COLUMNS, then a gradient norm per layer), kept under a fixed number
// of rows however long training runs by keeping every `stride`-th epoch and doubling the
// stride whenever the store fills (older and newer parts stay evenly spaced).

export const CAPACITY = 1024;

export class History {
  /** @param {number} width  values per row */
  constructor(width) {
    this.width = width;
    this.rows = new Float64Array(CAPACITY * width);
    this.length = 0;
    this.stride = 1;
  }

  /** Appends rows (a flat array, `width` per row; column 0 is the epoch). @param {Float32Array} flat */
  append(flat) {
    const w = this.width;
    for (let r = 0; r + w <= flat.length; r += w) {
      const epoch = flat[r];
      if (epoch % this.stride !== 0 && this.length > 0) continue;
      if (this.length > 0 && epoch <= this.rows[(this.length - 1) * w]) continue; // replays (import, step after stop)
      if (this.length === CAPACITY) this.halve();
      if (epoch % this.stride !== 0) continue;
      this.rows.set(flat.subarray ? flat.subarray(r, r + w) : flat.slice(r, r + w), this.length * w);
      this.length++;
    }
  }

  /** Keeps the rows whose epoch is a multiple of twice the stride. */
  halve() {
    this.stride *= 2;
    const w = this.width;
    let k = 0;
    for (let i = 0; i < this.length; i++) {
      if (this.rows[i * w] % this.stride !== 0) continue;
      this.rows.copyWithin(k * w, i * w, (i + 1) * w);
      k++;
    }
    this.length = k;
  }

  /** A copy of column c of the stored rows. @param {number} c */
  column(c) {
    const out = new Float64Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.rows[i * this.width + c];
    return out;
  }
}
