// The engine learns through the JS API what a playground must show it learning: XOR (not
// linearly separable: needs the hidden layer) and the two-armed spiral (needs depth), judged
// on accuracy and, for the spiral, on a held-out set drawn with another seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine, XOR } from './engine-util.js';

const engine = await loadEngine();

test('XOR: 2-4-1 tanh/sigmoid with Adam separates the four points', () => {
  const net = engine.createModel({ inputs: 2, layers: [4, 1], activations: ['tanh', 'sigmoid'], loss: 'bce',
    optimizer: 'adam', lr: 0.05, seed: 1 });
  const data = engine.upload(XOR.x, XOR.y);
  try {
    let loss = Infinity;
    for (let step = 0; step < 1000 && loss > 0.02; step++) loss = net.trainEpoch(data, 0);
    assert.ok(loss <= 0.02, `loss ${loss}`);
    const p = net.predict(XOR.x);
    XOR.y.forEach((y, i) => assert.ok(Math.abs(p[i] - y) < 0.1, `point ${i}: ${p[i]} for ${y}`));
    assert.equal(net.evaluate(data).accuracy, 1);
  } finally {
    data.free();
    net.free();
  }
});

test('spiral: 2-16-16-1 tanh with Adam classifies a held-out spiral', () => {
  const train = engine.toy('spiral', 400, 0.1, 3, 1);
  const held = engine.toy('spiral', 400, 0.1, 3, 2);
  const net = engine.createModel({ inputs: 2, layers: [16, 16, 1], activations: ['tanh', 'tanh', 'sigmoid'],
    loss: 'bce', optimizer: 'adam', lr: 0.01, seed: 1 });
  const trainData = engine.upload(train.x, train.y);
  const heldData = engine.upload(held.x, held.y);
  try {
    for (let epoch = 0; epoch < 400; epoch++) net.trainEpoch(trainData, 32);
    const trained = net.evaluate(trainData);
    const heldOut = net.evaluate(heldData);
    assert.ok(trained.accuracy >= 0.97, `training accuracy ${trained.accuracy}`);
    assert.ok(heldOut.accuracy >= 0.93, `held-out accuracy ${heldOut.accuracy}`);
    // The same verdict from the metrics export, on the predictions.
    const m = engine.metricsClassify(net.predict(held.x), held.y, 1);
    assert.ok(Math.abs(m.accuracy - heldOut.accuracy) < 1e-6);
    assert.ok(m.auc > 0.97, `AUC ${m.auc}`);
  } finally {
    trainData.free();
    heldData.free();
    net.free();
  }
});
