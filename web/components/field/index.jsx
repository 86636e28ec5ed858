// Field — one labelled control for one row of the settings table (lib/settings.js), on every
// page: a checkbox for a switch (a bool, or an engine int that is 0 or 1), a select for a
// choice, one select per hidden layer for their activations, a number box for a number (with
// a slider beside it for the rates, the noise and the shares of the data: names.js SLIDERS)
// and a text box for layer sizes (the features, a set, have the network editor's own column).
// The row decides the control and the limits; a value the row refuses is not applied and the
// box says why. A setting the embedding locked (lib/locked.js) shows its value, disabled, and
// says it is fixed.

import { useId, useState } from 'preact/hooks';
import { parseValue, format } from '../../lib/settings.js';
import { label, valueName, SLIDERS } from '../../lib/names.js';
import { useLocked } from '../../lib/locked.js';
import './style.css';

/**
 * @param {{row: import('../../lib/settings.js').Row, value: any, onChange: (v: any) => void,
 *   disabled?: boolean, values?: string[]}} props  values: a subset of row.values to offer
 */
export function Field({ row, value, onChange, disabled = false, values }) {
  const id = `nnp${useId()}`;
  const [bad, setBad] = useState('');
  // The value a slider shows while it is dragged, applied when it is let go.
  const [dragged, setDragged] = useState(/** @type {number | null} */ (null));
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
  const scale = numeric ? SLIDERS[row.key] : undefined;
  const stops = scale && sliderStops(row, scale);
  const box = (
      <input id={id} type={numeric ? 'number' : 'text'} value={dragged ?? (numeric ? value : format(row, value).replaceAll(',', ', '))}
        disabled={disabled} data-key={row.key} title={row.help}
        min={numeric ? row.min : undefined} max={numeric ? row.max : undefined}
        step={numeric ? (row.kind === 'float' ? 'any' : 1) : undefined} inputMode={numeric ? undefined : 'text'}
        aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? `${id}-err` : undefined}
        onChange={apply} />
  );
  return (
    <div class={`nnp-field${stops ? ' nnp-field-slider' : ''}`}>
      <label for={id}>{name}</label>
      {stops ? (
        <div class="nnp-slider-row">
          <input type="range" min={0} max={stops.length - 1} step={1} value={nearest(stops, dragged ?? value, scale)}
            disabled={disabled} aria-label={`${name}: slider`} data-slider={row.key}
            aria-valuetext={String(dragged ?? value)}
            onInput={(e) => setDragged(stops[Number(e.currentTarget.value)])}
            onChange={(e) => { setDragged(null); setBad(''); onChange(stops[Number(e.currentTarget.value)]); }} />
          {box}
        </div>
      ) : box}
      {bad ? <span id={`${id}-err`} class="nnp-field-error" role="alert">{bad}</span> : help}
    </div>
  );
}

// TensorFlow Playground's rates: 1 and 3 in each decade.
const LOG_STOPS = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100];
const LINEAR_STEPS = 20;

/**
 * The values a slider stops at, within the row's range: the 1-3 rates (and 0 where the row
 * takes it) on a log scale, else even steps (whole numbers for an int row).
 * @param {import('../../lib/settings.js').Row} row @param {'log' | 'linear'} scale @returns {number[]}
 */
export function sliderStops(row, scale) {
  const ok = (/** @type {number} */ v) => v >= row.min && v <= row.max && !(row.minOpen && v === row.min);
  if (scale === 'log') return [...(ok(0) ? [0] : []), ...LOG_STOPS.filter(ok)];
  const step = row.kind === 'int' ? Math.max(1, Math.round((row.max - row.min) / LINEAR_STEPS)) : (row.max - row.min) / LINEAR_STEPS;
  return Array.from({ length: Math.floor((row.max - row.min) / step + 1e-9) + 1 }, (_, i) => Number((row.min + i * step).toPrecision(6)));
}

/** The stop nearest v (on the slider's own scale). @param {number[]} stops @param {number} v @param {'log' | 'linear'} scale */
function nearest(stops, v, scale) {
  const at = (/** @type {number} */ x) => (scale === 'log' ? Math.log10(Math.max(x, 1e-7)) : x);
  let best = 0;
  stops.forEach((x, i) => { if (Math.abs(at(x) - at(v)) < Math.abs(at(stops[best]) - at(v))) best = i; });
  return best;
}
