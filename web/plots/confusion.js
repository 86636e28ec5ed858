// confusion.js — a confusion matrix drawn into a <table>: rows are the true class, columns the
// predicted one, each cell shaded by its share of the row so the errors stand out whatever the
// counts, and each row's recall at its end. Imperative like the canvas plots: the counts of a
// snapshot go straight in, not through component state.

/**
 * @param {HTMLTableElement} table
 * @param {ArrayLike<number>} counts  (K, K) row-major, rows the true class
 * @param {string[]} labels  K class names
 * @param {string} [caption]
 */
export function drawConfusion(table, counts, labels, caption = '') {
  const k = labels.length;
  /** @param {string} tag @param {string} [text] @param {Record<string, string>} [attrs] */
  const el = (tag, text = '', attrs = {}) => Object.assign(document.createElement(tag), { textContent: text }, attrs);
  const head = el('tr');
  head.append(el('th', 'true ↓ / predicted →', { scope: 'col' }), ...labels.map((l) => el('th', l, { scope: 'col' })), el('th', 'recall', { scope: 'col' }));
  const body = labels.map((name, i) => {
    const row = Array.from({ length: k }, (_, j) => counts[i * k + j]);
    const total = row.reduce((a, b) => a + b, 0);
    const tr = el('tr');
    tr.append(el('th', name, { scope: 'row' }));
    row.forEach((c, j) => {
      const share = total ? c / total : 0;
      const td = el('td', String(c), { title: `true ${name}, predicted ${labels[j]}: ${c}` });
      td.style.background = i === j ? `rgba(8,119,189,${0.12 + 0.6 * share})`
        : c ? `rgba(245,147,34,${0.15 + 0.85 * Math.min(1, share * 5)})` : 'transparent';
      tr.append(td);
    });
    tr.append(el('td', total ? `${((100 * row[i]) / total).toFixed(1)} %` : '–'));
    return tr;
  });
  const parts = [el('thead'), el('tbody')];
  parts[0].append(head);
  parts[1].append(...body);
  table.replaceChildren(...(caption ? [el('caption', caption)] : []), ...parts);
}
