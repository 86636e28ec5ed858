// PageNav — the links between the pages (the presets that are pages of their own, and the
// lessons), the current one marked.

import { NAV } from '../../presets/index.js';
import './style.css';

/** @param {{page: string}} props */
export function PageNav({ page }) {
  return (
    <nav class="nnp-nav" aria-label="Pages">
      {NAV.map((p) => (
        <a href={p.href} aria-current={p.id === page ? 'page' : undefined}>{p.nav}</a>
      ))}
    </nav>
  );
}
