// Your own data: the learner's CSV file, read, described and encoded in the worker, then
// trained like the real sets; a confusion matrix or a predicted-against-actual plot.

import { MAX_BYTES, MIN_ROWS } from '../lib/csv-rules.js';
import { cosineOverTheRun } from './fit.js';

/** @type {import('./index.js').Preset} */
export default {
  id: 'csv', nav: 'Your own data', href: 'csv.html', title: 'Your own data',
  lead: `Train a network on a CSV file of your own: a header line with column names, then one row per example, comma-, semicolon- or tab-separated, up to ${MAX_BYTES / 1024 / 1024} MB and at least ${MIN_ROWS} rows. The file stays in your browser. Pick the column to predict; numbers are standardized, text becomes one-hot inputs, and every missing value is handled by a rule listed below.`,
  source: { kind: 'csv' },
  settings: { hidden: [16, 8], acts: ['relu', 'relu'], optimizer: 'adam', lr: 0.003, batch: 32, max_epochs: 100, l2: 0.0001, init: 'he', seed: 1 },
  fit: cosineOverTheRun,
  panels: ['csv', 'settings', 'charts', 'confusion', 'regression'],
  layout: 'grid',
  charts: ['loss', 'metric'],
  logLoss: true,
  progress: true,
};
