// DataPanel — which toy set, how much, how noisy, and how it is split; regenerate draws a new
// set by moving the data seed on (so the URL still names the exact points).

import { Field } from '../field/index.jsx';
import { useLocked } from '../../lib/locked.js';
import { DatasetPicker } from '../dataset-picker/index.jsx';
import { SETTINGS, ROW, applies, DATASETS_CLASSIFY, DATASETS_REGRESS } from '../../lib/settings.js';
import './style.css';

const GRID = SETTINGS.filter((r) => r.group === 'data' && !['problem', 'dataset', 'classes'].includes(r.key));

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function DataPanel({ ctx }) {
  const { state, update } = ctx;
  const fixed = useLocked();
  const sets = state.problem === 'regression' ? DATASETS_REGRESS : DATASETS_CLASSIFY;
  const field = (/** @type {import('../../lib/settings.js').Row} */ row) => <Field row={row} value={state[row.key]} onChange={(v) => update({ [row.key]: v })} />;
  return (
    <section class="nnp-panel nnp-data" aria-label="Data">
      <h2 class="nnp-h">Data</h2>
      {field(ROW.problem)}
      <DatasetPicker names={sets} value={state.dataset} previews={ctx.previews} disabled={fixed('dataset')} onChange={(v) => update({ dataset: v })} />
      {applies(state, ROW.classes, ctx.task) && field(ROW.classes)}
      <div class="nnp-data-grid">{GRID.map(field)}</div>
      <button type="button" class="nnp-text-btn" disabled={fixed('data_seed')} onClick={() => update({ data_seed: (state.data_seed + 1) % 2147483648 })}>
        Regenerate
      </button>
    </section>
  );
}
