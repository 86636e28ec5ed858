// fit.js — settings of the real-data presets that follow the run's length.

/**
 * A cosine learning-rate decay over the whole run, to a hundredth of the rate: the real-data
 * presets' schedule, which follows the number of epochs (the engine counts their steps);
 * without an epoch cap the run has no end to decay towards, and the schedule stays as it is.
 * @param {Record<string, any>} s
 */
export function cosineOverTheRun(s) {
  if (!(s.max_epochs > 0)) return {};
  return { schedule: 'cosine', decay_epochs: s.max_epochs, lr_min: s.lr / 100 };
}
