// Messages — what went wrong or what happened, in words: a refused URL setting, a diverged
// run, early stopping. Each can be dismissed; errors are announced to screen readers.

import './style.css';

/** @param {{items: {id: number, kind: 'error' | 'info', text: string}[], onDismiss: (id: number) => void}} props */
export function Messages({ items, onDismiss }) {
  if (!items.length) return null;
  return (
    <ul class="nnp-messages" data-testid="messages">
      {items.map((m) => (
        <li class={`nnp-msg nnp-msg-${m.kind}`} role={m.kind === 'error' ? 'alert' : 'status'} key={m.id}>
          <span>{m.text}</span>
          <button type="button" class="nnp-msg-close" onClick={() => onDismiss(m.id)} aria-label="Dismiss message">×</button>
        </li>
      ))}
    </ul>
  );
}
