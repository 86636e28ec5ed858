// Confusion — a confusion matrix as a table: rows are the true class, columns the predicted
// one, each cell shaded by its share of the row so the errors stand out whatever the counts.
import './style.css';

/**
 * @param {{counts: ArrayLike<number>, labels: string[], caption?: string}} props
 *   counts (K, K) row-major, rows true class
 */
export function Confusion({ counts, labels, caption }) {
  const k = labels.length;
  const rows = labels.map((_, i) => Array.from({ length: k }, (_, j) => counts[i * k + j]));
  return (
    <table class="nna-confusion" data-testid="confusion">
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr><th scope="col">true ↓ / predicted →</th>{labels.map((l) => <th scope="col">{l}</th>)}<th scope="col">recall</th></tr>
      </thead>
      <tbody>
        {rows.map((r, i) => {
          const total = r.reduce((a, b) => a + b, 0);
          return (
            <tr>
              <th scope="row">{labels[i]}</th>
              {r.map((c, j) => {
                const share = total ? c / total : 0;
                const bg = i === j ? `rgba(8,119,189,${0.12 + 0.6 * share})` : c ? `rgba(245,147,34,${0.15 + 0.85 * Math.min(1, share * 5)})` : 'transparent';
                return <td style={{ background: bg }} title={`true ${labels[i]}, predicted ${labels[j]}: ${c}`}>{c}</td>;
              })}
              <td>{total ? `${((100 * r[i]) / total).toFixed(1)} %` : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
