// Field — one labelled control for one row of the settings table (lib/settings.js), on every
// page: a checkbox for a switch (a bool, or an engine int that is 0 or 1), a select for a
// choice, one select per hidden layer for their activations, a number box for a number and a
// text box for layer sizes (the features, a set, have the network editor's own column). The row decides the control and the
// limits; a value the row refuses is not applied and the box says why. A setting the embedding
// locked (lib/locked.js) shows its value, disabled, and says it is fixed.

import { useId, useState } from 'preact/hooks';
import { parseValue, format } from '../../lib/settings.js';
import { label, valueName } from '../../lib/names.js';
import { useLocked } from '../../lib/locked.js';
import './style.css';

/**
 * @param {{row: import('../../lib/settings.js').Row, value: any, onChange: (v: any) => void,
 *   disabled?: boolean, values?: string[]}} props  values: a subset of row.values to offer
 */
export function Field({ row, value, onChange, disabled = false, values }) {
  const id = `nnp${useId()}`;
  const [bad, setBad] = useState('');
  const locked = useLocked()(row.key);
  const name = locked ? `${label(row.key)} (fixed)` : label(row.key);
  disabled ||= locked;
  const help = row.help ? <span class="nnp-field-help">{row.help}</span> : null;
  const offered = values ?? row.values;

  if (row.kind === 'bool' || (row.kind === 'int' && row.min === 0 && row.max === 1)) {
    /** @type {(checked: boolean) => boolean | number} */
    const on = row.kind === 'bool' ? (v) => v : (v) => (v ? 1 : 0);
    return (
      <label class="nnp-field nnp-field-bool" title={row.help}>
        <input type="checkbox" checked={Boolean(value)} disabled={disabled} data-key={row.key}
          onChange={(e) => onChange(on(e.currentTarget.checked))} />
        {name}
      </label>
    );
  }
  if (row.kind === 'enum') {
    // A value the choices leave out (the loss a task fixes) shows as the one the model takes.
    return (
      <div class="nnp-field">
        <label for={id}>{name}</label>
        <select id={id} value={offered.includes(value) ? value : offered[0]} disabled={disabled} data-key={row.key} title={row.help}
          onChange={(e) => onChange(e.currentTarget.value)}>
          {offered.map((v) => <option value={v}>{valueName(v)}</option>)}
        </select>
        {help}
      </div>
    );
  }
  if (row.kind === 'acts') {
    return (
      <fieldset class="nnp-field nnp-field-acts" disabled={disabled}>
        <legend>{name}</legend>
        {value.length ? value.map((/** @type {string} */ a, /** @type {number} */ l) => (
          <select aria-label={`Activation of hidden layer ${l + 1}`} value={a} data-key={row.key} data-layer={l}
            onChange={(e) => onChange(value.map((/** @type {string} */ x, /** @type {number} */ i) => (i === l ? e.currentTarget.value : x)))}>
            {offered.map((v) => <option value={v}>{valueName(v)}</option>)}
          </select>
        )) : <span class="nnp-field-help">no hidden layer</span>}
      </fieldset>
    );
  }
  // numbers and sizes: a box, applied on change (Enter or leaving it)
  const apply = (/** @type {Event & {currentTarget: HTMLInputElement}} */ e) => {
    const r = parseValue(row, e.currentTarget.value);
    if (r.ok) { setBad(''); onChange(r.value); } else setBad(`${name} ${r.why}`);
  };
  const numeric = row.kind !== 'sizes';
  return (
    <div class="nnp-field">
      <label for={id}>{name}</label>
      <input id={id} type={numeric ? 'number' : 'text'} value={numeric ? value : format(row, value).replaceAll(',', ', ')}
        disabled={disabled} data-key={row.key} title={row.help}
        min={numeric ? row.min : undefined} max={numeric ? row.max : undefined}
        step={numeric ? (row.kind === 'float' ? 'any' : 1) : undefined} inputMode={numeric ? undefined : 'text'}
        aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? `${id}-err` : undefined}
        onChange={apply} />
      {bad ? <span id={`${id}-err`} class="nnp-field-error" role="alert">{bad}</span> : help}
    </div>
  );
}
