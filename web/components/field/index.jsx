// Field — one labelled control for one row of the settings table (web/state.js): a select for
// a choice, a number box for a number, a checkbox for a switch. The row decides the type and
// the limits; a value the row refuses is not applied and the box says why.

import { useId, useState } from 'preact/hooks';
import { parseValue } from '../../state.js';
import './style.css';

/** Readable names for enum values; anything missing shows as is. */
export const NAMES = {
  xavier_uniform: 'Xavier uniform', xavier_normal: 'Xavier normal', he: 'He (Kaiming)',
  uniform: 'Uniform', normal: 'Normal', zeros: 'Zeros',
  bce: 'Binary cross-entropy', mse: 'Mean squared error',
  sgd: 'SGD', momentum: 'Momentum', nesterov: 'Nesterov', adagrad: 'AdaGrad', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW',
  none: 'None', l1: 'L1', l2: 'L2',
  constant: 'Constant', step: 'Step decay', exp: 'Exponential', inv_time: 'Inverse time', cosine: 'Cosine',
  tanh: 'Tanh', relu: 'ReLU', sigmoid: 'Sigmoid', linear: 'Linear', leaky_relu: 'Leaky ReLU',
  classification: 'Classification', regression: 'Regression',
  circle: 'Circle', xor: 'XOR', gauss: 'Two Gaussians', spiral: 'Spiral', moons: 'Moons', multiclass: 'Multiclass blobs',
  plane: 'Plane', multigauss: 'Multi-Gaussian',
  fast: 'Fast', frame: 'One epoch per frame',
};

/**
 * @param {{row: import('../../state.js').Row, value: any, onChange: (v: any) => void,
 *   disabled?: boolean, values?: string[]}} props  values: a subset of row.values to offer
 */
export function Field({ row, value, onChange, disabled = false, values }) {
  const id = `nnp${useId()}`;
  const [bad, setBad] = useState('');
  const help = row.help ? <span class="nnp-field-help">{row.help}</span> : null;

  if (row.type === 'bool') {
    return (
      <label class="nnp-field nnp-field-bool" title={row.help}>
        <input type="checkbox" checked={value} disabled={disabled} data-key={row.key}
          onChange={(e) => onChange(e.currentTarget.checked)} />
        {row.label}
      </label>
    );
  }
  if (row.type === 'enum') {
    return (
      <div class="nnp-field">
        <label for={id}>{row.label}</label>
        <select id={id} value={value} disabled={disabled} data-key={row.key} title={row.help}
          onChange={(e) => onChange(e.currentTarget.value)}>
          {(values ?? row.values).map((v) => <option value={v}>{NAMES[v] ?? v}</option>)}
        </select>
        {help}
      </div>
    );
  }
  // int and float: a number box, applied on change (Enter or leaving the box)
  const apply = (e) => {
    const text = e.currentTarget.value.trim();
    const r = parseValue(row, text);
    if (r.ok) { setBad(''); onChange(r.value); } else setBad(`${row.label} ${r.why}`);
  };
  return (
    <div class="nnp-field">
      <label for={id}>{row.label}</label>
      <input id={id} type="number" value={value} disabled={disabled} data-key={row.key}
        min={row.min} max={row.max} step={row.type === 'int' ? 1 : 'any'}
        aria-invalid={bad ? 'true' : undefined} aria-describedby={bad ? `${id}-err` : undefined}
        onChange={apply} />
      {bad ? <span id={`${id}-err`} class="nnp-field-error" role="alert">{bad}</span> : help}
    </div>
  );
}
