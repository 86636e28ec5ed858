// NetworkPanel — the network editor: input features, hidden layers (add/remove, neurons,
// activation), and under them the diagram drawn by plots/network.js. Controls sit in equal
// columns, one per layer, matching the diagram's columns.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { createNetworkPlot } from '../../plots/network.js';
import { FEATURE_LABELS } from '../../lib/features.js';
import { FEATURES, MAX_HIDDEN_LAYERS, ROW } from '../../lib/settings.js';
import { valueName } from '../../lib/names.js';
import { Field } from '../field/index.jsx';
import { useLocked } from '../../lib/locked.js';
import './style.css';

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function NetworkPanel({ ctx }) {
  const { state, update, view } = ctx;
  const fixed = useLocked(), shape = fixed('hidden');
  const canvas = useRef(null), readout = useRef(null);
  usePlot(view, 'network', () => {
    const plot = createNetworkPlot(canvas.current, (text) => {
      const t = text || 'Hover a link to read its weight.';
      if (readout.current.textContent !== t) readout.current.textContent = t;
    });
    return {
      draw(v) { if (v.last?.arrays.neurons) plot.draw(v.last.meta, v.last.arrays.neurons, v.last.arrays.params); },
      destroy: plot.destroy,
    };
  });
  const hidden = state.perceptron ? [] : state.hidden;
  /** @param {number[]} h @param {string[]} a */
  const setLayers = (h, a) => update({ hidden: h, acts: a });
  const addLayer = () => setLayers([...state.hidden, 2], [...state.acts, state.acts.at(-1) ?? 'tanh']);
  const removeLayer = () => setLayers(state.hidden.slice(0, -1), state.acts.slice(0, -1));
  /** @param {number} l @param {number} d */
  const resize = (l, d) => setLayers(state.hidden.map((n, i) => (i === l ? n + d : n)), state.acts);
  /** @param {number} l @param {string} a */
  const setAct = (l, a) => setLayers(state.hidden, state.acts.map((x, i) => (i === l ? a : x)));
  /** @param {string} f */
  const toggle = (f) => {
    const next = state.features.includes(f) ? state.features.filter((x) => x !== f) : [...state.features, f];
    if (next.length) update({ features: FEATURES.filter((x) => next.includes(x)) });
  };
  const outputs = ctx.outputs;
  const cols = hidden.length + 2;

  return (
    <section class="nnp-panel nnp-network" aria-label="Network">
      <div class="nnp-network-head">
        <h2 class="nnp-h">Network</h2>
        <button type="button" class="nnp-small-btn" onClick={addLayer} aria-label="Add a hidden layer"
          disabled={shape || state.perceptron || state.hidden.length >= MAX_HIDDEN_LAYERS}>+</button>
        <button type="button" class="nnp-small-btn" onClick={removeLayer} aria-label="Remove the last hidden layer"
          disabled={shape || state.perceptron || state.hidden.length === 0}>−</button>
        <span class="nnp-network-count">{state.perceptron ? 'Perceptron: one step unit' : `${state.hidden.length} hidden layer${state.hidden.length === 1 ? '' : 's'}`}</span>
        <Field row={ROW.perceptron} value={state.perceptron} onChange={(v) => update({ perceptron: v })} />
      </div>
      <div class="nnp-network-cols" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
        <fieldset class="nnp-col">
          <legend class="nnp-col-title">Features</legend>
          {FEATURES.map((f) => (
            <label class="nnp-feature">
              <input type="checkbox" checked={state.features.includes(f)} data-feature={f}
                disabled={fixed('features') || (state.features.length === 1 && state.features.includes(f))}
                onChange={() => toggle(f)} />
              {FEATURE_LABELS[f]}
            </label>
          ))}
        </fieldset>
        {hidden.map((n, l) => (
          <div class="nnp-col" role="group" aria-label={`Hidden layer ${l + 1}`}>
            <div class="nnp-col-title">Layer {l + 1}</div>
            <div class="nnp-neurons">
              <button type="button" class="nnp-small-btn" onClick={() => resize(l, 1)} disabled={shape || n >= ROW.hidden.max}
                aria-label={`Add a neuron to layer ${l + 1}`}>+</button>
              <button type="button" class="nnp-small-btn" onClick={() => resize(l, -1)} disabled={shape || n <= 1}
                aria-label={`Remove a neuron from layer ${l + 1}`}>−</button>
            </div>
            <div class="nnp-col-sub">{n} neuron{n === 1 ? '' : 's'}</div>
            <select aria-label={`Activation of layer ${l + 1}`} value={state.acts[l]} data-layer={l} disabled={fixed('acts')}
              onChange={(e) => setAct(l, e.currentTarget.value)}>
              {ROW.acts.values.map((a) => <option value={a}>{valueName(a)}</option>)}
            </select>
          </div>
        ))}
        <div class="nnp-col">
          <div class="nnp-col-title">Output</div>
          <div class="nnp-col-sub">{state.perceptron ? 'step' : outputs > 1 ? `${outputs} (softmax)` : ctx.task === 'regression' ? 'linear' : 'sigmoid'}</div>
        </div>
      </div>
      <canvas ref={canvas} class="nnp-network-canvas" role="img"
        aria-label="Network diagram: each neuron's output over the plane; links coloured and sized by weight, hover a link for its value" />
      <div class="nnp-link-readout" ref={readout} data-testid="link-weight">Hover a link to read its weight.</div>
    </section>
  );
}
