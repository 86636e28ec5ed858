// names.js — what the learner reads instead of the engine's names: the label of every setting,
// the name of every enum value, the order the training settings are shown in and the ones that
// get a slider. The one hand-kept list of the settings: kinds, ranges, defaults, help and
// applicability come from the engine's schema (lib/settings.js). A name missing here shows as
// the engine spells it; a setting missing from the order comes last.

/** @type {Record<string, string>} */
export const LABELS = {
  // the page's own settings
  problem: 'Problem type', dataset: 'Data set', classes: 'Classes', noise: 'Noise', points: 'Points',
  train_pct: 'Training data %', data_seed: 'Data seed', show_test: 'Show test data',
  discretize: 'Discretize output', features: 'Features', hidden: 'Hidden layers', acts: 'Activations',
  model: 'Model', perceptron: 'Perceptron mode', batch: 'Batch size', pace: 'Pace', max_epochs: 'Stop after epochs',
  early_stop: 'Early stopping', patience: 'Patience (epochs)', target: 'Target', valid_pct: 'Validation %',
  decay_epochs: 'Decay epochs', warmup_epochs: 'Warm-up epochs',
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
  mlp: 'MLP: dense layers', cnn: 'CNN: LeNet-like, convolutions and pooling',
  classification: 'Classification', regression: 'Regression',
  circle: 'Circle', xor: 'XOR', gauss: 'Two Gaussians', spiral: 'Spiral', moons: 'Moons', multiclass: 'Multiclass blobs',
  plane: 'Plane', multigauss: 'Multi-Gaussian', curve: 'Curve (1-D)',
  one_step: 'One step per frame', frame: 'One epoch per frame', x4: '4 epochs per frame', x16: '16 epochs per frame',
  x64: '64 epochs per frame', fast: 'As fast as possible',
};

/**
 * The training settings as a learner meets them, in groups: the step itself first, then its
 * schedule, what regularizes, the network's own settings, when to stop.
 * @type {[string, string[]][]}
 */
export const SETTINGS_ORDER = [
  ['Optimizer', ['lr', 'optimizer', 'batch', 'momentum', 'beta1', 'beta2', 'rho', 'eps', 'weight_decay']],
  ['Learning-rate schedule', ['schedule', 'decay_epochs', 'gamma', 'lr_min', 'warmup_epochs']],
  ['Regularization', ['l2', 'l1', 'dropout', 'clip_norm']],
  ['Network', ['loss', 'init', 'init_scale', 'seed', 'leaky_slope', 'batchnorm', 'bn_momentum']],
  ['Stopping', ['max_epochs', 'early_stop', 'valid_pct', 'patience']],
];

/**
 * The settings that get a slider beside their box, and its scale: the rates (on a log scale of
 * TensorFlow Playground's 1-3-10 steps), the noise and the shares of the data.
 * @type {Record<string, 'log' | 'linear'>}
 */
export const SLIDERS = {
  lr: 'log', l1: 'log', l2: 'log', dropout: 'linear', noise: 'linear', train_pct: 'linear', valid_pct: 'linear',
};

/** @param {string} key */
export const label = (key) => LABELS[key] ?? key;
/** @param {string} value */
export const valueName = (value) => VALUE_NAMES[value] ?? value;
