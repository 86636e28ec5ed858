// SharePanel — leave with what you made: the permalink (the whole state in the URL, where the
// page has one), reset to defaults, the trained model as a JSON file (and back), the network as
// PyTorch code; and the gradient check, which compares backpropagation with finite differences
// on this model.

import { useRef, useState } from 'preact/hooks';
import './style.css';

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function SharePanel({ ctx }) {
  const { ready, actions } = ctx, perceptron = ctx.state.perceptron;
  const permalink = ctx.permalink?.(ctx.state) ?? '';
  const file = useRef(null);
  const [check, setCheck] = useState('');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try { await navigator.clipboard.writeText(permalink); setCopied(true); setTimeout(() => setCopied(false), 1500); }
    catch { /* clipboard refused (no permission): the link stays selectable in the box */ }
  };
  const gradcheck = async () => {
    setCheck('checking…');
    setCheck(await actions.gradcheck());
  };
  return (
    <section class="nnp-panel nnp-share" aria-label="Share and export">
      <h2 class="nnp-h">Share</h2>
      {permalink ? (
        <div class="nnp-permalink">
          <input type="text" readOnly value={permalink} aria-label="Permalink" data-testid="permalink"
            onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="nnp-text-btn" onClick={copy}>{copied ? 'Copied' : 'Copy link'}</button>
        </div>
      ) : null}
      <div class="nnp-share-row">
        <button type="button" class="nnp-text-btn" onClick={actions.resetDefaults}>Reset to defaults</button>
        <button type="button" class="nnp-text-btn" onClick={actions.exportModel} disabled={!ready || perceptron}>Export model (JSON)</button>
        <button type="button" class="nnp-text-btn" onClick={() => file.current.click()} disabled={!ready}>Import model…</button>
        <input ref={file} type="file" accept=".json,application/json" hidden aria-label="Model file to import"
          onChange={(e) => { const f = e.currentTarget.files[0]; e.currentTarget.value = ''; if (f) actions.importModel(f); }} />
        <button type="button" class="nnp-text-btn" onClick={actions.exportPyTorch} disabled={!ready || perceptron}>Export PyTorch code</button>
      </div>
      <div class="nnp-share-row">
        <button type="button" class="nnp-text-btn" onClick={gradcheck} disabled={!ready || perceptron} data-testid="gradcheck">
          Gradient check
        </button>
        <output class="nnp-gradcheck" data-testid="gradcheck-result" aria-live="polite">{check}</output>
      </div>
    </section>
  );
}
