// The page's wording of a gradient check (web/lib/gradcheck.js): a disagreement first, whatever
// the gradients' size; gradients too small to compare said to be; "agrees" qualified as
// absolute where the error's 1e-2 floor makes it so.
import test from 'node:test';
import assert from 'node:assert/strict';
import { gradcheckVerdict } from '../../web/lib/gradcheck.js';

test('a disagreement is reported whatever the gradients, NaN included', () => {
  assert.match(gradcheckVerdict(1, 0), /^largest relative error 1\.00e\+0: larger than expected/);
  assert.match(gradcheckVerdict(0.02, 0.5), /larger than expected/);
  assert.match(gradcheckVerdict(NaN, 0.5), /^largest relative error NaN: larger than expected/);
});

test('gradients below 5e-5 are too small to compare; below 5e-3 agreement is absolute; above, plain', () => {
  assert.match(gradcheckVerdict(0, 0), /^every gradient on this batch is exactly 0: too small/);
  assert.match(gradcheckVerdict(1e-3, 4e-5), /is below 5e-5 \(largest 4\.00e-5\): too small/);
  assert.match(gradcheckVerdict(1e-3, 2.9e-4), /agrees with finite differences to within 1e-4 absolute \(the gradients are small, at most 2\.90e-4\)$/);
  assert.equal(gradcheckVerdict(1.64e-3, 0.3), 'largest relative error 1.64e-3: backpropagation agrees with finite differences');
});
