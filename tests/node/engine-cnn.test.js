// Convolutional networks through engine.js, as the MNIST page will use them: the spec fields,
// each layer's shape, the learned filters (layerParams) checked against a convolution done here
// in JavaScript with PyTorch's weight layout, feature maps (activations of conv and pooling
// layers), refusals with C's message, training on MNIST's rows, and a model file round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEngine } from './engine-util.js';

const engine = await loadEngine();

const LENET = {
  inputs: 784, input_shape: [1, 28, 28], layers: ['conv4k5', 'pool2', 'conv8k3p1', 'avgpool2', 16, 10],
  activations: ['relu', 'tanh', 'relu', 'softmax'], loss: 'softmax_ce', optimizer: 'adam', lr: 0.002, init: 'he',
  seed: 3,
};

/** Deterministic pixels in [0, 1). */
const pixels = (n) => Float32Array.from({ length: n * 784 }, (_, i) => (Math.sin(i * 1.7 + 0.3) + 1) / 2);

test('specSchema: input_shape is a shape field, empty by default; layers take the layer tokens', () => {
  const schema = engine.specSchema();
  const shape = schema.find((f) => f.name === 'input_shape');
  assert.deepEqual([shape.kind, shape.min, shape.max, shape.default], ['shape', 1, 1e5, []]);
  assert.match(schema.find((f) => f.name === 'layers').help, /conv<C>k<K>/);
  assert.deepEqual(engine.specDefaults().input_shape, []);
});

test('layers: kind, shapes, windows and offsets of a LeNet-like net', () => {
  const net = engine.createModel(LENET);
  try {
    assert.deepEqual(net.inputShape, [1, 28, 28]);
    assert.deepEqual(net.spec.layers, ['conv4k5', 'pool2', 'conv8k3p1', 'avgpool2', 16, 10]);
    const got = net.layers.map((l) => [l.kind, ...l.inShape, ...l.outShape, l.kernel, l.stride, l.pad, l.in, l.out]);
    assert.deepEqual(got, [
      ['conv', 1, 28, 28, 4, 24, 24, 5, 1, 0, 784, 2304],
      ['maxpool', 4, 24, 24, 4, 12, 12, 2, 2, 0, 2304, 576],
      ['conv', 4, 12, 12, 8, 12, 12, 3, 1, 1, 576, 1152],
      ['avgpool', 8, 12, 12, 8, 6, 6, 2, 2, 0, 1152, 288],
      ['dense', 8, 6, 6, 16, 1, 1, 0, 0, 0, 288, 16], // it reads the image flattened
      ['dense', 16, 1, 1, 10, 1, 1, 0, 0, 0, 16, 10],
    ]);
    assert.deepEqual([net.layers[1].w, net.layers[1].b, net.layers[1].gamma], [-1, -1, -1]);
    assert.equal(net.paramCount, (100 + 4) + (288 + 8) + (288 * 16 + 16) + (160 + 10));
    assert.equal(net.outputs, 10);
    const f = net.layerParams(2);
    assert.deepEqual(f.shape, [8, 4, 3, 3]);
    assert.equal(f.w.length, 288);
    assert.equal(f.b.length, 8);
    assert.equal(f.gamma, null);
    assert.deepEqual(net.layerParams(1), { w: null, shape: [], b: null, gamma: null, beta: null });
    assert.throws(() => net.layerParams(6), { code: 'NN_ERR_ARG' });
  } finally {
    net.free();
  }
});

test('activations: feature maps (n, C, H, W) equal the convolution of the filters with the image', () => {
  const net = engine.createModel(LENET);
  try {
    const x = pixels(2);
    const maps = net.activations(x, 0);
    assert.equal(maps.length, 2 * 4 * 24 * 24);
    const { w, b } = net.layerParams(0);
    let worst = 0;
    for (let n = 0; n < 2; n++)
      for (let o = 0; o < 4; o++)
        for (const [oy, ox] of [[0, 0], [5, 17], [23, 23], [12, 3]]) {
          let z = b[o];
          for (let ki = 0; ki < 5; ki++)
            for (let kj = 0; kj < 5; kj++) z += w[(o * 5 + ki) * 5 + kj] * x[n * 784 + (oy + ki) * 28 + ox + kj];
          worst = Math.max(worst, Math.abs(maps[((n * 4 + o) * 24 + oy) * 24 + ox] - Math.max(z, 0)));
        }
    assert.ok(worst < 1e-5, `worst ${worst}`);
    // max pooling of the relu'd maps, window (2, 2) at (3, 7) of channel 1, sample 1
    const pooled = net.activations(x, 1);
    const at = (c, y, xx) => maps[((4 + c) * 24 + y) * 24 + xx];
    assert.equal(pooled[((4 + 1) * 12 + 3) * 12 + 7], Math.max(at(1, 6, 14), at(1, 6, 15), at(1, 7, 14), at(1, 7, 15)));
    assert.equal(net.activations(x, 5).length, 20);
  } finally {
    net.free();
  }
});

test('refusals carry C\'s message naming the layer', () => {
  assert.throws(() => engine.createModel({ ...LENET, layers: ['conv4k5', 'pool2', 'conv8k5', 'pool2', 'conv8k5', 10],
    activations: ['relu', 'relu', 'relu', 'softmax'] }),
  { code: 'NN_ERR_ARG', message: 'layers[4]: conv8k5 needs an input of at least 5x5, got 4x4' });
  assert.throws(() => engine.createModel({ ...LENET, input_shape: [] }), /layers\[0\]: conv4k5 needs an image input/);
  assert.throws(() => engine.createModel({ ...LENET, input_shape: '1x28' }), /input_shape: not CxHxW: '1x28'/);
  assert.throws(() => engine.createModel({ ...LENET, layers: ['conv4x5', 10], activations: ['relu', 'softmax'] }),
    /layers\[0\]: not a layer: 'conv4x5'/);
});

const mnistFile = fileURLToPath(new URL('../../datasets/out/mnist.nnds', import.meta.url));

test('a CNN trains on MNIST rows, and its file loads back to the same predictions', () => {
  const ds = engine.openDataset(new Uint8Array(readFileSync(mnistFile)));
  const net = engine.createModel(LENET);
  let loaded;
  try {
    const rows = { split: 'train', first: 0, n: 2000 };
    const before = net.evaluateRows(ds, { split: 'test', n: 500 });
    for (let e = 0; e < 2; e++) net.trainRows(ds, rows, { batch: 32 });
    const after = net.evaluateRows(ds, { split: 'test', n: 500 });
    assert.ok(after.loss < before.loss / 2 && after.accuracy > 0.8, `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    loaded = engine.loadModel(net.save());
    assert.deepEqual(loaded.spec, net.spec);
    assert.deepEqual(loaded.predictRows(ds, { split: 'test', n: 50 }), net.predictRows(ds, { split: 'test', n: 50 }));
  } finally {
    loaded?.free();
    net.free();
    ds.free();
  }
});
