// SettingsPanel — every training setting: the engine's spec fields as its schema lists them,
// the batch size and the stopping rules; where the page has no network editor, the hidden
// layers too; where the data have several targets, which one to learn. They come in the
// groups and the order of names.js's SETTINGS_ORDER, the learning rate first, and the
// schedule's group draws the learning rate it gives over the coming epochs (the engine's own
// schedule, from the worker), with the epoch reached marked. A setting that does not apply to
// the current choices (its schema row's `when`) stays visible but disabled, so the form does
// not jump around while the learner explores.

import { useEffect, useRef } from 'preact/hooks';
import { Field } from '../field/index.jsx';
import { SETTINGS, CNN_LAYERS, applies, choices } from '../../lib/settings.js';
import { label, valueName, SETTINGS_ORDER } from '../../lib/names.js';
import { useLocked } from '../../lib/locked.js';
import { usePlot } from '../../lib/use-plot.js';
import { createLineChart } from '../../plots/linechart.js';
import './style.css';

/** @typedef {import('../../lib/settings.js').Row} Row */

/**
 * The rows of the panel in the learner's groups; rows no group names come last, under "More".
 * @param {Row[]} rows @returns {[string, Row[]][]}
 */
export function groupRows(rows) {
  const named = new Set(SETTINGS_ORDER.flatMap(([, keys]) => keys));
  const groups = SETTINGS_ORDER.map(([title, keys]) => /** @type {[string, Row[]]} */ ([title, keys.map((k) => rows.find((r) => r.key === k)).filter(Boolean)]));
  const rest = rows.filter((r) => !named.has(r.key));
  // A page without the network editor sets the hidden layers here, with the network's settings.
  const layers = rest.filter((r) => r.group === 'layers'), more = rest.filter((r) => r.group !== 'layers');
  const network = groups.find(([title]) => title === 'Network');
  if (network) network[1].unshift(...layers);
  return [...groups, ...(more.length ? [/** @type {[string, Row[]]} */ (['More', more])] : [])].filter(([, r]) => r.length);
}

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function SettingsPanel({ ctx }) {
  const { state, update, task, info, preset } = ctx;
  const field = (/** @type {Row} */ row) => (
    <Field row={row} value={state[row.key]} disabled={!applies(state, row, task) || ctx.busy}
      values={row.kind === 'enum' ? choices(row, task) : undefined} onChange={(v) => update({ [row.key]: v })} />
  );
  // An embedding may show a few settings of any group instead (ctx.fields).
  // The model is chosen by the picker above the groups, where the page offers one (preset.models).
  const rows = ctx.fields ? SETTINGS.filter((r) => ctx.fields.includes(r.key) && r.key !== 'target')
    : SETTINGS.filter((r) => r.group === 'training' || (r.group === 'layers' && r.key !== 'model' && !ctx.panels.includes('network')));
  const targets = !ctx.fields || ctx.fields.includes('target') ? info?.targetNames ?? [] : [];
  return (
    <section class="nnp-panel nnp-settings" aria-label="Training settings">
      <h2 class="nnp-h">{ctx.fields ? 'Settings' : 'Training'}</h2>
      {preset.models && !ctx.fields ? <ModelPicker ctx={ctx} /> : null}
      {ctx.panels.includes('network') || ctx.fields ? null : (
        <p class="nnp-settings-net" data-testid="net">
          Network: {[state.model === 'cnn' ? preset.source.image?.join('×') : info?.features ?? '?',
            ...(state.model === 'cnn' ? CNN_LAYERS : []), ...state.hidden, ctx.outputs].join(' → ')}
        </p>
      )}
      {targets.length > 1 ? (
        <div class="nnp-settings-grid">
          <div class="nnp-field">
            <label for={`${ctx.id}-target`}>{label('target')}</label>
            <select id={`${ctx.id}-target`} data-key="target" value={state.target} disabled={ctx.busy}
              onChange={(e) => update({ target: Number(e.currentTarget.value) })}>
              {targets.map((/** @type {string} */ t, /** @type {number} */ i) => <option value={i}>{preset.targetLabels?.[i] ?? t}</option>)}
            </select>
          </div>
        </div>
      ) : null}
      <div class="nnp-settings-groups">
        {groupRows(rows).map(([title, group]) => (
          <div class="nnp-settings-group" role="group" aria-label={title}>
            <h3 class="nnp-settings-title">{title}</h3>
            <div class="nnp-settings-grid">
              {group.map(field)}
              {title === 'Learning-rate schedule' && !state.perceptron ? <ScheduleCurve ctx={ctx} /> : null}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

/** The learning rate over the coming epochs, before and while training. @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
function ScheduleCurve({ ctx }) {
  const canvas = useRef(null), curve = useRef(ctx.lrCurve);
  curve.current = ctx.lrCurve;
  usePlot(ctx.view, 'lr-curve', () => {
    const chart = createLineChart(canvas.current, { series: [{ label: 'lr', color: '#0877bd' }] });
    return {
      draw(v) {
        const c = curve.current;
        if (c) chart.draw(c.epochs, [c.lr], v.last?.meta.epoch ?? 0);
      },
      destroy: chart.destroy,
    };
  });
  useEffect(() => ctx.view.redraw('lr-curve'), [ctx.lrCurve]);
  return (
    <figure class="nnp-schedule">
      <figcaption>Learning rate over the epochs ahead; the line marks the epoch reached</figcaption>
      <canvas ref={canvas} data-testid="lr-curve" role="img" aria-label="The learning rate the schedule gives, epoch by epoch" />
    </figure>
  );
}

/**
 * The page's choice of network, one button per model the preset offers (MLP, CNN): choosing
 * one applies its settings (preset.models) and builds it from the seed.
 * @param {{ctx: import('../nnplay/index.jsx').Ctx}} props
 */
function ModelPicker({ ctx }) {
  const { state, update, preset } = ctx;
  const locked = useLocked()('model');
  return (
    <div class="nnp-models" role="radiogroup" aria-label="Model">
      <span class="nnp-models-label">{label('model')}{locked ? ' (fixed)' : ''}</span>
      {Object.keys(preset.models).map((m) => (
        <label class={`nnp-model${state.model === m ? ' nnp-on' : ''}`}>
          <input type="radio" name={`${ctx.id}-model`} value={m} checked={state.model === m} data-key="model"
            disabled={ctx.busy || locked} onChange={() => update({ model: m })} />
          {valueName(m)}
        </label>
      ))}
    </div>
  );
}
