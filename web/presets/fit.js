// fit.js — settings of the real-data presets that follow their data's size and the run's length.

/**
 * A cosine learning-rate decay over the whole run, to a hundredth of the rate: the real-data
 * presets' schedule, which follows their data's size, the batch and the number of epochs;
 * without an epoch cap the run has no end to decay towards, and the schedule stays as it is.
 * @param {Record<string, any>} s @param {{nTrain: number}} info
 */
export function cosineOverTheRun(s, info) {
  if (!(s.max_epochs > 0)) return {};
  return { schedule: 'cosine', decay_steps: Math.max(1, s.max_epochs * Math.ceil(info.nTrain / s.batch)), lr_min: s.lr / 100 };
}
