// SettingsPanel — every training setting: the engine's spec fields as its schema lists them,
// the batch size and the stopping rules; where the page has no network editor, the hidden
// layers too; where the data have several targets, which one to learn. A setting that does not
// apply to the current choices (its schema row's `when`) stays visible but disabled, so the
// form does not jump around while the learner explores.

import { Field } from '../field/index.jsx';
import { SETTINGS, applies, choices } from '../../lib/settings.js';
import { label } from '../../lib/names.js';
import './style.css';

const isSwitch = (/** @type {import('../../lib/settings.js').Row} */ r) => r.kind === 'bool' || (r.kind === 'int' && r.min === 0 && r.max === 1);

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function SettingsPanel({ ctx }) {
  const { state, update, task, info, preset } = ctx;
  const field = (/** @type {import('../../lib/settings.js').Row} */ row) => (
    <Field row={row} value={state[row.key]} disabled={!applies(state, row, task) || ctx.busy}
      values={row.kind === 'enum' ? choices(row, task) : undefined} onChange={(v) => update({ [row.key]: v })} />
  );
  // An embedding may show a few settings of any group instead (ctx.fields).
  const rows = ctx.fields ? SETTINGS.filter((r) => ctx.fields.includes(r.key) && r.key !== 'target')
    : SETTINGS.filter((r) => r.group === 'training' || (r.group === 'layers' && !ctx.panels.includes('network')));
  const targets = !ctx.fields || ctx.fields.includes('target') ? info?.targetNames ?? [] : [];
  return (
    <section class="nnp-panel nnp-settings" aria-label="Training settings">
      <h2 class="nnp-h">{ctx.fields ? 'Settings' : 'Training'}</h2>
      {ctx.panels.includes('network') || ctx.fields ? null : (
        <p class="nnp-settings-net" data-testid="net">
          Network: {[info?.features ?? '?', ...state.hidden, ctx.outputs].join(' → ')}
        </p>
      )}
      <div class="nnp-settings-grid">
        {targets.length > 1 ? (
          <div class="nnp-field">
            <label for={`${ctx.id}-target`}>{label('target')}</label>
            <select id={`${ctx.id}-target`} data-key="target" value={state.target} disabled={ctx.busy}
              onChange={(e) => update({ target: Number(e.currentTarget.value) })}>
              {targets.map((/** @type {string} */ t, /** @type {number} */ i) => <option value={i}>{preset.targetLabels?.[i] ?? t}</option>)}
            </select>
          </div>
        ) : null}
        {rows.filter((r) => !isSwitch(r)).map(field)}
      </div>
      <div class="nnp-settings-bools">{rows.filter(isSwitch).map(field)}</div>
    </section>
  );
}
