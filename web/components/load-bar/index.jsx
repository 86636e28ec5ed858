// LoadBar — the data download's progress: compressed megabytes received of the total.
import './style.css';

const mb = (/** @type {number} */ b) => (b / 1e6).toFixed(1);

/** @param {{loaded: number, total: number, label: string}} props */
export function LoadBar({ loaded, total, label }) {
  const frac = total > 0 ? Math.min(1, loaded / total) : 0;
  return (
    <div class="nnp-loadbar" data-testid="loadbar">
      <div class="nnp-loadbar-text">{label}: {mb(loaded)} of {mb(total)} MB (gzip)</div>
      <progress max={1} value={frac} aria-label={label} />
    </div>
  );
}
