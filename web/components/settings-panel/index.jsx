// SettingsPanel — every training hyperparameter. Settings that do not apply to the current
// choice (momentum without a momentum optimizer, decay without a schedule …) stay visible but
// disabled, so the form does not jump around while the learner explores.

import { memo } from 'preact/compat';
import { Field } from '../field/index.jsx';
import { ROW, task } from '../../state.js';
import './style.css';

// Memoized: it re-renders only when its own props change, not on every toggle of the toolbar.
export const SettingsPanel = memo(function SettingsPanel({ state, update }) {
  const t = task(state), net = !state.perceptron;
  const field = (key, enabled = true) => (
    <Field row={ROW[key]} value={state[key]} disabled={!enabled} onChange={(v) => update({ [key]: v })} />
  );
  return (
    <section class="nnp-panel nnp-settings" aria-label="Hyperparameters">
      <h2 class="nnp-h">Training</h2>
      <div class="nnp-settings-grid">
        {field('lr')}
        {field('optimizer', net)}
        {field('momentum', net && ['momentum', 'nesterov'].includes(state.optimizer))}
        {field('weightDecay', net && state.optimizer === 'adamw')}
        {field('beta1', net && ['adam', 'adamw'].includes(state.optimizer))}
        {field('beta2', net && ['adam', 'adamw'].includes(state.optimizer))}
        {field('rho', net && state.optimizer === 'rmsprop')}
        {field('loss', net && t === 'binary')}
        {field('reg', net)}
        {field('regRate', net && state.reg !== 'none')}
        {field('schedule', net)}
        {field('decaySteps', net && state.schedule !== 'constant')}
        {field('gamma', net && ['step', 'exp', 'inv_time'].includes(state.schedule))}
        {field('lrMin', net && state.schedule === 'cosine')}
        {field('warmup', net)}
        {field('clipNorm', net)}
        {field('init', net)}
        {field('initScale', net && ['uniform', 'normal'].includes(state.init))}
        {field('leakySlope', net && state.acts.includes('leaky_relu'))}
        {field('dropout', net)}
        {field('seed', net)}
        {field('maxEpochs')}
        {field('patience', net && state.earlyStop)}
      </div>
      <div class="nnp-settings-bools">
        {field('batchnorm', net)}
        {field('earlyStop', net)}
      </div>
    </section>
  );
});
