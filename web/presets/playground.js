// The playground: toy sets of the plane, every setting, the network drawn neuron by neuron, and
// the test points judged as on the real-data pages: a confusion matrix for the classes,
// predicted against actual for regression.
/** @type {import('./index.js').Preset} */
export default {
  id: 'playground', nav: 'Playground', href: 'index.html', title: 'nnplay',
  source: { kind: 'toy' },
  settings: {},
  panels: ['data', 'network', 'output', 'charts', 'settings', 'confusion', 'regression', 'share'],
  layout: 'plane',
  permalink: true,
  regressionParts: ['scatter'],
};
