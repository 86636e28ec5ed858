// The playground: toy sets of the plane, every setting, the network drawn neuron by neuron.
/** @type {import('./index.js').Preset} */
export default {
  id: 'playground', nav: 'Playground', href: 'index.html', title: 'nnplay',
  source: { kind: 'toy' },
  settings: {},
  panels: ['data', 'network', 'output', 'charts', 'settings', 'share'],
  layout: 'plane',
  permalink: true,
};
