// The ConvNetJS peer of W4 (convnetjs 0.3.0 from npm, plain JavaScript, a development
// dependency used only here): the same LeNet-like CNN, its Trainer with Adam and batch 64.
// ConvNetJS trains one sample per call of train() and updates every batch_size samples, so a
// timed call is one batch of 64 of W1's samples, as for tfjs.
import { createRequire } from 'node:module';
import { W1, W4, W4_SPEC, w1Data } from './workloads.js';

const require = createRequire(import.meta.url);
const convnetjs = require('convnetjs');
export const version = require('convnetjs/package.json').version;

export function contestant() {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 0, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'fc', num_neurons: 64, activation: 'relu' },
    { type: 'softmax', num_classes: W1.classes },
  ]);
  const trainer = new convnetjs.Trainer(net, { method: 'adam', learning_rate: W4_SPEC.lr, batch_size: W4.batch, l2_decay: 0 });
  const { x, y } = w1Data();
  // ConvNetJS's Vol is (x, y, depth) with depth innermost: for one channel, the same row-major pixels.
  const vols = Array.from({ length: W1.n }, (_, s) => {
    const v = new convnetjs.Vol(28, 28, 1, 0);
    v.w.set(x.subarray(s * 784, (s + 1) * 784));
    return v;
  });
  let i = 0;
  const fn = () => {
    for (let k = 0; k < W4.batch; k++, i = (i + 1) % W1.n) trainer.train(vols[i], y[i]);
  };
  const loss = () => {
    let sum = 0;
    for (let s = 0; s < W1.n; s++) sum -= Math.log(net.forward(vols[s]).w[y[s]]);
    return sum / W1.n;
  };
  const before = loss();
  return { work: { 'W4 CNN train samples/s': { fn, units: W4.batch } }, losses: () => ({ W4: [before, loss()] }) };
}
