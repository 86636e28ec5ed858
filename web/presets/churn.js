// Customer churn: a binary classifier where only about a quarter churn: the imbalance first,
// then what the scores are worth (ROC and precision–recall), and what a threshold does.

import { cosineOverTheRun } from './fit.js';

/** @type {import('./index.js').Preset} */
export default {
  id: 'churn', nav: 'Customer churn', href: 'churn.html', title: 'Customer churn: who will leave?',
  lead: 'A binary classifier reads 19 facts about 7,043 customers of a telephone company (contract, tenure, charges, services) and predicts who cancelled. The default is the smallest network, one sigmoid unit — logistic regression; add hidden layers to see whether they help.',
  credit: (d) => `Data: IBM Watson Analytics sample data, Telco customer churn (the modeldata R package's wa_churn, MIT). Split: ${d?.split ?? ''}. ${(d?.missing ?? []).map((m) => `${m.column}: ${m.rows} missing values filled with ${m.filled_with} (${m.why}).`).join(' ')}`,
  source: { kind: 'nnds', name: 'churn' },
  // One sigmoid unit (logistic regression): test ROC AUC 0.83 from seed 1; hidden layers do no better here.
  settings: { hidden: [], acts: [], optimizer: 'adam', lr: 0.01, batch: 128, max_epochs: 60, init: 'he', seed: 1 },
  fit: cosineOverTheRun,
  panels: ['imbalance', 'settings', 'curves', 'charts'],
  layout: 'grid',
  charts: ['loss', 'metric'],
  logLoss: true,
  progress: true,
  classLabels: ['stays', 'churns'],
  baseline: 'nobody churns',
  rowsName: 'customers',
};
