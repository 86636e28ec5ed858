// Shell — the frame every real-data page shares: the links between the pages (and back to the
// playground), the title and lead, the page's content, and the data's credit. It also sets
// the colour variables the playground's components use, on its own root only.

import '../../../components/toolbar/style.css';
import './style.css';

export const PAGES = [
  { id: 'playground', href: 'index.html', label: 'Playground' },
  { id: 'mnist', href: 'mnist.html', label: 'MNIST digits' },
  { id: 'houses', href: 'houses.html', label: 'House prices' },
  { id: 'churn', href: 'churn.html', label: 'Customer churn' },
  { id: 'csv', href: 'csv.html', label: 'Your own data' },
];

/** The links between the pages, the current one marked. @param {{page: string}} props */
export function PageNav({ page }) {
  return (
    <nav class="nna-nav" aria-label="Pages">
      {PAGES.map((p) => (
        <a href={p.href} aria-current={p.id === page ? 'page' : undefined}>{p.label}</a>
      ))}
    </nav>
  );
}

/** @param {{page: string, title: string, lead: any, credit?: any, children: any}} props */
export function Shell({ page, title, lead, credit, children }) {
  return (
    <div class="nna-app">
      <header class="nna-header">
        <PageNav page={page} />
        <h1>{title}</h1>
        <p class="nna-lead">{lead}</p>
      </header>
      <main class="nna-main">{children}</main>
      {credit ? <footer class="nna-footer">{credit}</footer> : null}
    </div>
  );
}

/** A titled box of the page's grid: one column, two (`double`) or the whole row (`wide`). */
export function Panel({ title, wide = false, double = false, children, testid }) {
  const span = wide ? ' nna-wide' : double ? ' nna-double' : '';
  return (
    <section class={`nna-panel${span}`} aria-label={title} data-testid={testid}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The page's alert line: errors in red, other news plain. */
export function Notice({ error, message }) {
  if (error) return <p class="nna-notice nna-error" role="alert" data-testid="error">{error}</p>;
  if (message) return <p class="nna-notice" role="status" data-testid="message">{message}</p>;
  return null;
}
