// lessons.js — the presets of the lessons' own panels (web/lessons/): each is one panel over
// its own models in the worker (worker/lessons.js), so the toolbar that drives the session's
// training is not shown. `lesson` is what the panel asks the worker for: the network, its data
// and, for the race and the surface, the optimizers with their learning rates.

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

/** @type {import('./index.js').Preset} */
export const race = lessonPreset('race', 'The optimizers race', 'race', {
  spec: { inputs: 2, layers: [8, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', seed: 3 },
  data: { name: 'moons', n: 200, noise: 0.2, seed: 1 },
  batch: 10, epochs: 60, runs: RUNS,
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
