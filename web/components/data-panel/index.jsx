// DataPanel — which data, how much, how noisy, and how it is split; regenerate draws a new
// set by moving the data seed on (so the URL still names the exact points).

import { memo } from 'preact/compat';
import { Field } from '../field/index.jsx';
import { DatasetPicker } from '../dataset-picker/index.jsx';
import { ROW, DATASETS_CLASSIFY, DATASETS_REGRESS } from '../../state.js';
import './style.css';

// Memoized: it re-renders only when its own props change, not on every toggle of the toolbar.
export const DataPanel = memo(function DataPanel({ state, update, previews }) {
  const sets = state.problem === 'regression' ? DATASETS_REGRESS : DATASETS_CLASSIFY;
  const field = (key, extra = {}) => <Field row={ROW[key]} value={state[key]} onChange={(v) => update({ [key]: v })} {...extra} />;
  return (
    <section class="nnp-panel nnp-data" aria-label="Data">
      <h2 class="nnp-h">Data</h2>
      {field('problem')}
      <DatasetPicker names={sets} value={state.dataset} previews={previews} onChange={(v) => update({ dataset: v })} />
      {state.dataset === 'multiclass' && field('classes')}
      <div class="nnp-data-grid">
        {field('points')}
        {field('trainPct')}
        {field('noise')}
        {field('batch')}
        {field('dataSeed')}
      </div>
      <button type="button" class="nnp-text-btn" onClick={() => update({ dataSeed: (state.dataSeed + 1) % 2147483648 })}>
        Regenerate
      </button>
    </section>
  );
});
