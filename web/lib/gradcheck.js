// gradcheck.js — the page's wording of a gradient check (csrc/gradcheck.c): the largest
// relative error |numeric − backprop| / max(|numeric| + |backprop|, 1e-2) over the checked
// parameters, and the largest backprop gradient on the batch. The floor of 1e-2 makes the
// check absolute for small gradients, so what "agrees" means depends on their size.

/**
 * @param {number} maxRelErr
 * @param {number} maxGrad  the largest |backprop gradient| on the checked batch
 * @returns {string}
 */
export function gradcheckVerdict(maxRelErr, maxGrad) {
  const error = `largest relative error ${maxRelErr.toExponential(2)}`;
  // First, so that a broken backprop (all zeros, say) can never read as anything milder.
  if (!(maxRelErr < 1e-2)) return `${error}: larger than expected for float32`;
  // With every backprop gradient below 5e-5 and the error under 1e-2, the numeric ones are
  // under 1.5e-4: the floor, not the gradients, sets the scale, and a backprop returning zeros
  // would err by at most 1.5e-2.
  if (maxGrad < 5e-5) {
    const size = maxGrad === 0 ? 'exactly 0' : `below 5e-5 (largest ${maxGrad.toExponential(2)})`;
    return `every gradient on this batch is ${size}: too small for finite differences to tell agreement ` +
      'from round-off; check before training converges';
  }
  // Below 5e-3 every parameter's sum |numeric| + |backprop| can sit under the floor, where
  // the error bounds the difference absolutely: say so.
  if (maxGrad < 5e-3) {
    return `${error}: backpropagation agrees with finite differences to within 1e-4 absolute ` +
      `(the gradients are small, at most ${maxGrad.toExponential(2)})`;
  }
  return `${error}: backpropagation agrees with finite differences`;
}
