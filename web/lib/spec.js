// spec.js — turns a playground state (web/state.js) into the engine's model spec (the
// nn_spec_set field names). The output layer follows from the task (lib/output-head.js); for
// two classes the learner picks the loss.

import { task, classCount } from '../state.js';
import { outputHead } from './output-head.js';

/** @returns {Record<string, any>} a spec for engine.createModel */
export function toSpec(state) {
  const t = task(state), head = outputHead(t, classCount(state));
  return {
    inputs: state.features.length,
    layers: [...state.hidden, head.units],
    activations: [...state.acts, head.activation],
    loss: t === 'binary' ? state.loss : head.loss, // the learner may pick another loss for two classes
    optimizer: state.optimizer,
    lr: state.lr,
    momentum: state.momentum,
    weight_decay: state.optimizer === 'adamw' ? state.weightDecay : 0,
    l1: state.reg === 'l1' ? state.regRate : 0,
    l2: state.reg === 'l2' ? state.regRate : 0,
    dropout: state.dropout,
    batchnorm: state.batchnorm ? 1 : 0,
    init: state.init,
    init_scale: state.initScale,
    leaky_slope: state.leakySlope,
    beta1: state.beta1,
    beta2: state.beta2,
    rho: state.rho,
    clip_norm: state.clipNorm,
    lr_min: state.lrMin,
    warmup: state.warmup,
    schedule: state.schedule,
    decay_steps: state.decaySteps,
    gamma: state.gamma,
    seed: state.seed,
  };
}
