// names.js — what the learner reads instead of the engine's names: the label of every setting
// and the name of every enum value. The one hand-kept list of the settings: kinds, ranges,
// defaults, help and applicability come from the engine's schema (lib/settings.js). A name
// missing here shows as the engine spells it.

/** @type {Record<string, string>} */
export const LABELS = {
  // the page's own settings
  problem: 'Problem type', dataset: 'Data set', classes: 'Classes', noise: 'Noise', points: 'Points',
  train_pct: 'Training data %', data_seed: 'Data seed', show_test: 'Show test data',
  discretize: 'Discretize output', features: 'Features', hidden: 'Hidden layers', acts: 'Activations',
  perceptron: 'Perceptron mode', batch: 'Batch size', pace: 'Pace', max_epochs: 'Stop after epochs',
  early_stop: 'Early stopping', patience: 'Patience (epochs)', target: 'Target',
  // the engine's spec fields
  leaky_slope: 'Leaky ReLU slope', batchnorm: 'Batch norm', bn_momentum: 'Batch norm momentum',
  dropout: 'Dropout', loss: 'Loss', optimizer: 'Optimizer', lr: 'Learning rate', momentum: 'Momentum',
  beta1: 'Adam β₁', beta2: 'Adam β₂', eps: 'Epsilon', rho: 'RMSprop ρ', weight_decay: 'Weight decay',
  l1: 'L1 penalty', l2: 'L2 penalty', clip_norm: 'Clip gradient norm', init: 'Initialization',
  init_scale: 'Init scale', schedule: 'LR schedule', decay_steps: 'Decay steps', gamma: 'Decay factor',
  lr_min: 'Cosine floor', warmup: 'Warm-up steps', seed: 'Weight seed',
};

/** @type {Record<string, string>} */
export const VALUE_NAMES = {
  xavier_uniform: 'Xavier uniform', xavier_normal: 'Xavier normal', he: 'He (Kaiming)',
  uniform: 'Uniform', normal: 'Normal', zeros: 'Zeros',
  bce: 'Binary cross-entropy', mse: 'Mean squared error', softmax_ce: 'Softmax cross-entropy',
  sgd: 'SGD', momentum: 'Momentum', nesterov: 'Nesterov', adagrad: 'AdaGrad', rmsprop: 'RMSprop', adam: 'Adam', adamw: 'AdamW',
  constant: 'Constant', step: 'Step decay', exp: 'Exponential', inv_time: 'Inverse time', cosine: 'Cosine',
  tanh: 'Tanh', relu: 'ReLU', sigmoid: 'Sigmoid', linear: 'Linear', leaky_relu: 'Leaky ReLU', softmax: 'Softmax',
  classification: 'Classification', regression: 'Regression',
  circle: 'Circle', xor: 'XOR', gauss: 'Two Gaussians', spiral: 'Spiral', moons: 'Moons', multiclass: 'Multiclass blobs',
  plane: 'Plane', multigauss: 'Multi-Gaussian',
  fast: 'Fast', frame: 'One epoch per frame',
};

/** @param {string} key */
export const label = (key) => LABELS[key] ?? key;
/** @param {string} value */
export const valueName = (value) => VALUE_NAMES[value] ?? value;
