// presets/index.js — every page is a preset of the one nnplay component: the data source, the
// settings that differ from the schema's defaults, the panels, and the words around them. The
// pages of their own are listed for the links between them.

import playground from './playground.js';
import mnist, { mnistCnn } from './mnist.js';
import houses from './houses.js';
import churn from './churn.js';
import csv from './csv.js';
import { backprop, race, raceInit, raceBatchnorm, raceSchedules, raceActivations, surface, gradcheck } from './lessons.js';

/**
 * @typedef {object} Preset
 * @property {string} id
 * @property {string} nav  its name in the links between the pages
 * @property {string} href  its page
 * @property {string} title
 * @property {string} [lead]
 * @property {(desc: import('../components/nnplay/index.jsx').Description | null) => string} [credit]
 * @property {{kind: 'toy' | 'nnds' | 'csv', name?: string, image?: number[]}} source  nnds:
 *   data/<name>.json describes it; image: the C×H×W of a row that is an image (the `cnn` model)
 * @property {Record<string, any>} settings  over the schema's defaults
 * @property {Record<string, Record<string, any>>} [models]  the settings the model picker
 *   applies with each `model` it offers (a page of images: mlp, cnn)
 * @property {(state: Record<string, any>, info: Record<string, any>) => Record<string, any>} [fit]
 *   settings that follow the data and the run's length; applied when the data come and when
 *   the batch, the epochs or the rate change
 * @property {string[]} panels  in order (components/nnplay/panels.js)
 * @property {'plane' | 'grid'} layout
 * @property {string[]} [charts]  components/charts-panel's, all by default
 * @property {boolean} [logLoss]
 * @property {boolean} [progress]  an epoch takes seconds: show the progress through it
 * @property {boolean} [permalink]  the address bar follows the settings
 * @property {(state: Record<string, any>) => string} [metricLabel]
 * @property {string[]} [targetLabels]  the data's target columns, as the page names them
 * @property {string[]} [classLabels]
 * @property {string} [baseline]  what always predicting the larger class means
 * @property {string} [rowsName]
 * @property {string} [unit]  a regression target's unit ('$')
 * @property {boolean} [toolbar]  false: no play/step/reset (the lessons' panels drive their own models)
 * @property {Record<string, any>} [lesson]  a lesson panel's network, data and runs (presets/lessons.js)
 * @property {string[]} [regressionParts]  the regression panel's parts shown: 'errors',
 *   'scatter' (predicted against actual), 'residuals'; all by default
 */

/** @type {Record<string, Preset>} */
export const PRESETS = { playground, mnist, 'mnist-cnn': mnistCnn, houses, churn, csv, backprop, race,
  'race-init': raceInit, 'race-batchnorm': raceBatchnorm, 'race-schedules': raceSchedules, 'race-activations': raceActivations,
  surface, gradcheck };

/** The presets that are pages of their own, in the order the links show them. */
export const PAGES = [playground, mnist, houses, churn, csv];

/**
 * The links between the site's pages: those pages, then the lessons (web/lessons/, built
 * into lessons/ by scripts/lessons.js, which gives each link from there with '../').
 * @type {{id: string, nav: string, href: string}[]}
 */
export const NAV = [...PAGES.map(({ id, nav, href }) => ({ id, nav, href })), { id: 'lessons', nav: 'Lessons', href: 'lessons/index.html' }];
