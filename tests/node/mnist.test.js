// mnist.test.js — the full MNIST set (built by `make datasets`) trained with the wasm engine
// under Node: one epoch of a 784-128-10 ReLU network with Adam, straight from the set's stored
// bytes (engine.openDataset, net.trainRows: no copy of the set as floats anywhere), must reach
// > 90 % test accuracy. The time per epoch is printed, not asserted.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './engine-util.js';

const MNIST = fileURLToPath(new URL('../../datasets/out/mnist.nnds', import.meta.url));

test('MNIST: one epoch of 784-128-10 reaches > 90 % test accuracy', async () => {
  const engine = await loadEngine();
  const ds = engine.openDataset(new Uint8Array(readFileSync(MNIST)));
  assert.equal(ds.nTrain, 60000);
  assert.equal(ds.nTest, 10000);
  assert.ok(ds.u8, 'pixels stay bytes');
  // The set in wasm memory is the file (55 MB), not 70,000 × 784 floats (219 MB).
  assert.ok(engine.memoryBytes < 120e6, `wasm memory ${engine.memoryBytes} bytes`);
  const net = engine.createModel({
    inputs: 784, layers: [128, 10], activations: ['relu', 'softmax'], loss: 'softmax_ce',
    optimizer: 'adam', lr: 0.001, init: 'he', seed: 1,
  });
  try {
    const t0 = performance.now();
    const { loss, steps, epochDone } = net.trainRows(ds, { split: 'train' }, { batch: 64 });
    const seconds = (performance.now() - t0) / 1000;
    assert.deepEqual([steps, epochDone], [938, true]);
    const { accuracy } = net.evaluateRows(ds, { split: 'test' });
    console.log(`mnist 784-128-10, 1 epoch, batch 64, Adam: ${seconds.toFixed(2)} s/epoch ` +
                `(${Math.round(ds.nTrain / seconds)} samples/s), train loss ${loss.toFixed(4)}, ` +
                `test accuracy ${(100 * accuracy).toFixed(2)} %`);
    assert.ok(accuracy > 0.9, `test accuracy ${accuracy}, want > 0.9`);
    assert.ok(engine.memoryBytes < 120e6, `wasm memory after training ${engine.memoryBytes} bytes`);
  } finally {
    net.free();
    ds.free();
  }
});
