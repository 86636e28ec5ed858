// mnist.test.js — the full MNIST set (built by `make datasets`) trained with the wasm engine
// under Node: one epoch of a 784-128-10 ReLU network with Adam must reach > 90 % test accuracy.
// The time per epoch is printed, not asserted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readNnds } from '../../web/apps/shared/nnds.js';
import { loadEngine } from './engine-util.js';

const MNIST = fileURLToPath(new URL('../../datasets/out/mnist.nnds', import.meta.url));

/** Rows [first, first+n) as floats in [0, 1] and class indices, as the C reader gives them. */
function rows(set, first, n) {
  const d = set.features;
  const x = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = set.x[first * d + i] / 255;
  return { x, y: set.y.slice(first, first + n) };
}

test('MNIST: one epoch of 784-128-10 reaches > 90 % test accuracy', async () => {
  const file = readFileSync(MNIST);
  const set = readNnds(file.buffer.slice(file.byteOffset, file.byteOffset + file.length));
  assert.equal(set.nTrain, 60000);
  assert.equal(set.nTest, 10000);
  const engine = await loadEngine();
  const train = rows(set, 0, set.nTrain), held = rows(set, set.nTrain, set.nTest);
  const trainData = engine.upload(train.x, train.y), testData = engine.upload(held.x, held.y);
  const net = engine.createModel({
    inputs: 784, layers: [128, 10], activations: ['relu', 'softmax'], loss: 'softmax_ce',
    optimizer: 'adam', lr: 0.001, init: 'he', seed: 1,
  });
  try {
    const t0 = performance.now();
    const loss = net.trainEpoch(trainData, 64);
    const seconds = (performance.now() - t0) / 1000;
    const { accuracy } = net.evaluate(testData);
    console.log(`mnist 784-128-10, 1 epoch, batch 64, Adam: ${seconds.toFixed(2)} s/epoch ` +
                `(${Math.round(set.nTrain / seconds)} samples/s), train loss ${loss.toFixed(4)}, ` +
                `test accuracy ${(100 * accuracy).toFixed(2)} %`);
    assert.ok(accuracy > 0.9, `test accuracy ${accuracy}, want > 0.9`);
  } finally {
    net.free();
    trainData.free();
    testData.free();
  }
});
