// Panel — a titled box of an nnplay's grid: one column, two (`span` 2) or the whole row
// ('wide'). The title may be a ref's text, for figures written by a plot.

/**
 * @param {{title: any, span?: 1 | 2 | 'wide', testid?: string, label?: string, children: any}} props
 *   label: the accessible name when the title is not plain text
 */
export function Panel({ title, span = 1, testid, label, children }) {
  const cls = span === 'wide' ? ' nnp-wide' : span === 2 ? ' nnp-double' : '';
  return (
    <section class={`nnp-panel${cls}`} aria-label={label ?? title} data-testid={testid}>
      <h2 class="nnp-h">{title}</h2>
      {children}
    </section>
  );
}
