// lessons.js — the presets of the lessons' own panels (web/lessons/): each is one panel over
// its own models in the worker (worker/lessons.js), so the toolbar that drives the session's
// training is not shown. `lesson` is what the panel asks the worker for: the network, its data
// and, for the surface, the optimizers with their learning rates; for a race, its runs, each
// a label and the spec's fields it changes.

import { valueName } from '../lib/names.js';

/** The six optimizers the race and the surface compare, each at a rate it does well with. */
const RUNS = [
  { optimizer: 'sgd', lr: 0.1 }, { optimizer: 'momentum', lr: 0.1 }, { optimizer: 'nesterov', lr: 0.1 },
  { optimizer: 'adagrad', lr: 0.1 }, { optimizer: 'rmsprop', lr: 0.01 }, { optimizer: 'adam', lr: 0.01 },
];

/**
 * @param {string} id @param {string} title @param {string} panel @param {Record<string, any>} lesson
 * @returns {import('./index.js').Preset}
 */
const lessonPreset = (id, title, panel, lesson) => ({
  id, nav: title, href: `lessons/${id}.html`, title, source: { kind: 'toy' }, settings: {},
  panels: [panel], layout: 'grid', toolbar: false, lesson,
});

/** @type {import('./index.js').Preset} */
export const backprop = lessonPreset('backprop', 'Backpropagation, step by step', 'backprop', {
  // 2-2-1, tanh then sigmoid, cross-entropy; round weights a learner can follow by hand.
  spec: { inputs: 2, layers: [2, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', lr: 0.5 },
  params: [0.1, 0.2, 0.3, -0.4, 0.5, -0.5, 1, -1, 0.25], // W1 (2×2), b1, W2 (1×2), b2
  x: [1, 2], y: [1],
});

/**
 * A race: `runs` ({label, ...spec fields}; the label defaults to the optimizer's name) over
 * `spec`, `epochs` epochs of mini-batches of `batch` on `data` (a toy set's first n points, as
 * `features`); `title` and `note` are the panel's; `layers` ({log}) adds the per-hidden-layer
 * bars of the outputs' and the gradient's spread.
 * @param {string} id @param {string} nav @param {Record<string, any>} lesson
 */
const racePreset = (id, nav, lesson) => lessonPreset(id, nav, 'race', lesson);

/** @type {import('./index.js').Preset} */
export const race = racePreset('race', 'The optimizers race', {
  title: 'Six optimizers, one network, one start',
  note: 'Training loss (log scale) after each epoch of mini-batches of 10 on 200 points of the moons set.',
  spec: { inputs: 2, layers: [8, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', seed: 3 },
  data: { name: 'moons', n: 200, noise: 0.2, seed: 1 },
  batch: 10, epochs: 60, runs: RUNS,
});

/** Lesson 8's network: six hidden layers of 16 ReLU units on the spiral, plain SGD. */
const DEEP_RELU = { inputs: 4, layers: [16, 16, 16, 16, 16, 16, 1], activations: [...Array(6).fill('relu'), 'sigmoid'],
  loss: 'bce', optimizer: 'sgd', lr: 0.03, seed: 1 };
/** The spiral's first 250 points with the playground's default features. */
const SPIRAL = { name: 'spiral', n: 250, noise: 0, seed: 1, features: ['x1', 'x2', 'sinx1', 'sinx2'] };
const SPIRAL_NOTE = 'mini-batches of 10 on 250 points of the spiral (features x₁, x₂, sin x₁, sin x₂)';

/** @type {import('./index.js').Preset} */
export const raceInit = racePreset('race-init', 'Zeros, Xavier and He', {
  title: 'Three starts, one deep ReLU network',
  note: `Training loss (log scale) after each epoch of ${SPIRAL_NOTE}; the runs differ only in their initial weights.`,
  spec: DEEP_RELU, data: SPIRAL, batch: 10, epochs: 150, layers: { log: false },
  runs: [{ label: 'zeros', init: 'zeros' }, { label: 'Xavier', init: 'xavier_normal' }, { label: 'He', init: 'he' }],
});

/** @type {import('./index.js').Preset} */
export const raceBatchnorm = racePreset('race-batchnorm', 'Without and with batch norm', {
  title: 'One small start, without and with batch norm',
  note: `Training loss (log scale) after each epoch of ${SPIRAL_NOTE}; both start from a normal init of spread 0.1.`,
  spec: { ...DEEP_RELU, init: 'normal', init_scale: 0.1 }, data: SPIRAL, batch: 10, epochs: 150, layers: { log: true },
  runs: [{ label: 'without batch norm', batchnorm: 0 }, { label: 'with batch norm', batchnorm: 1 }],
});

/** The spiral's points in batches of 10: 25 steps an epoch, which the schedules' lengths count in. */
const STEPS = SPIRAL.n / 10;

/** @type {import('./index.js').Preset} */
export const raceSchedules = racePreset('race-schedules', 'Four schedules', {
  title: 'Four schedules, one network, one start',
  note: `Training loss (log scale) after each epoch of ${SPIRAL_NOTE}; each run's rate is the one its next step uses.`,
  spec: { inputs: 4, layers: [8, 8, 1], activations: ['tanh', 'tanh', 'sigmoid'], loss: 'bce', optimizer: 'sgd', lr: 0.3, seed: 1 },
  data: SPIRAL, batch: 10, epochs: 150,
  runs: [
    { label: 'constant', schedule: 'constant' },
    { label: 'step', schedule: 'step', gamma: 0.5, decay_steps: 30 * STEPS },
    { label: 'exponential', schedule: 'exp', gamma: 0.1, decay_steps: 100 * STEPS },
    { label: 'cosine, warm-up', schedule: 'cosine', decay_steps: 150 * STEPS, lr_min: 0.003, warmup: 10 * STEPS },
  ],
});

/** @type {import('./index.js').Preset} */
export const raceActivations = racePreset('race-activations', 'Four activations', {
  title: 'Four activations, one deep network, one start',
  note: 'Training loss (log scale) after each epoch of mini-batches of 10 on 250 points of the circle (features x₁, x₂); the runs differ only in the hidden layers\' activation.',
  spec: { inputs: 2, layers: [8, 8, 8, 8, 8, 1], loss: 'bce', optimizer: 'sgd', lr: 0.1, seed: 1 },
  data: { name: 'circle', n: 250, noise: 0, seed: 1 }, batch: 10, epochs: 100, layers: { log: true },
  runs: ['sigmoid', 'tanh', 'relu', 'leaky_relu'].map((a) => ({ label: valueName(a), activations: [...Array(5).fill(a), 'sigmoid'] })),
});

/** @type {import('./index.js').Preset} */
export const surface = lessonPreset('surface', 'Loss surface and optimizer paths', 'surface', {
  // y ≈ 2x + 1 on x in [1, 3]: inputs away from 0 make a long, narrow valley in (w, b).
  spec: { inputs: 1, layers: [1], activations: ['linear'], loss: 'mse', seed: 1 },
  data: { x: [1, 1.5, 2, 2.5, 3], y: [3.1, 3.9, 5.2, 5.9, 7.1] },
  grid: { w: [-1, 4], b: [-3, 6], n: 48 }, start: [-0.5, 3.5], steps: 60,
  runs: [{ optimizer: 'sgd', lr: 0.1 }, { optimizer: 'momentum', lr: 0.05 }, { optimizer: 'nesterov', lr: 0.05 },
    { optimizer: 'adagrad', lr: 0.5 }, { optimizer: 'rmsprop', lr: 0.05 }, { optimizer: 'adam', lr: 0.2 }],
});

/** @type {import('./index.js').Preset} */
export const gradcheck = lessonPreset('gradcheck', 'Checking gradients', 'gradcheck', {
  spec: { inputs: 2, layers: [3, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', seed: 5 },
  data: { name: 'circle', n: 50, noise: 0.1, seed: 2 },
});
