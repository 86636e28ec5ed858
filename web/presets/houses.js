// House prices: a regression on the Ames sales, of the price or its logarithm, judged in dollars.

import { cosineOverTheRun } from './fit.js';

const LOG_PRICE = 1; // the columns of y in ames.nnds: Sale_Price, log_Sale_Price

/** @type {import('./index.js').Preset} */
export default {
  id: 'houses', nav: 'House prices', href: 'houses.html', title: 'House prices: Ames, Iowa',
  lead: 'A regression network predicts the sale price of 2,930 houses sold in Ames from 2006 to 2010 from 73 columns (size, quality, age, neighbourhood…). Prices are skewed: learning the logarithm of the price treats a $20,000 error on a cheap house as worse than on a mansion, which is usually what a buyer means.',
  credit: (d) => `Data: Dean De Cock, Ames, Iowa: Alternative to the Boston Housing Data, Journal of Statistics Education 19(3), 2011 (the modeldata R package's ames set, MIT). Split: ${d?.split ?? ''}.`,
  source: { kind: 'nnds', name: 'ames' },
  // Test R² about 0.9 on the log price from seed 1 within the 60 epochs.
  settings: { hidden: [64, 32], acts: ['relu', 'relu'], optimizer: 'adam', lr: 0.001, batch: 32, max_epochs: 60, l2: 0.001, init: 'he', seed: 1, target: LOG_PRICE },
  fit: cosineOverTheRun,
  panels: ['settings', 'regression', 'charts', 'stats'],
  layout: 'grid',
  charts: ['loss', 'metric', 'lr', 'grad'],
  logLoss: true,
  progress: true,
  // the network's output is the target standardized; predictions are turned back into dollars
  targetLabels: ['the price ($)', 'ln(price)'],
  metricLabel: (s) => (s.target === LOG_PRICE ? 'R² of ln(price)' : 'R² of price'),
  unit: '$',
};
