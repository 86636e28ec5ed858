// pytorch.js — writes the trained network out as a standalone PyTorch script, so a learner can
// carry on where the playground ends: the same features, layers (dense, and a CNN's Conv2d,
// MaxPool2d, AvgPool2d, Flatten, BatchNorm2d), weights and batch norm's running statistics,
// loss, optimizer, penalties and schedule (the formulas of csrc/nn.h), the training data (the
// playground's points in the script; MNIST read from its IDX files), and a training loop,
// `train(epochs)`, which returns each epoch's training loss (the mean of its batch losses, as
// the playground reports it), and `predict(x)`; run as a script it trains on for EPOCHS epochs
// and prints a prediction (MNIST: the test accuracy before and after). tests/node/pytorch.test.js
// runs these scripts in PyTorch against the engine's own numbers.
// Pure: it takes the worker's export (worker/session.js exportModel) and returns text.

/** @typedef {Record<string, any>} Spec  the engine's normalized spec (net.spec) */

/** @type {Record<string, string | null>} */
const ACT = {
  linear: null,
  sigmoid: 'nn.Sigmoid()',
  tanh: 'nn.Tanh()',
  relu: 'nn.ReLU()',
  softmax: 'nn.Softmax(dim=1)',
};

/** @type {Record<string, string>} */
const FEATURE_PY = {
  x1: 'x1', x2: 'x2', x1sq: 'x1 * x1', x2sq: 'x2 * x2', x1x2: 'x1 * x2',
  sinx1: 'torch.sin(x1)', sinx2: 'torch.sin(x2)',
};

/** A float32 as the shortest decimal that reads back as the same float32. @param {number} v */
function num(v) {
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === Math.fround(v)) return String(s);
  }
  return String(v);
}

/** @param {ArrayLike<number>} a */
const list = (a) => `[${Array.from(a, num).join(', ')}]`;

/**
 * Rows of a (rows, cols) row-major block as a Python nested list, one row per line.
 * @param {number[]} a @param {number} rows @param {number} cols @param {string} indent
 */
function matrix(a, rows, cols, indent) {
  const lines = [];
  for (let r = 0; r < rows; r++) lines.push(list(a.slice(r * cols, (r + 1) * cols)));
  return `[\n${lines.map((l) => `${indent}    ${l},`).join('\n')}\n${indent}]`;
}

/** @param {string} name @param {Spec} spec */
function activation(name, spec) {
  if (name === 'leaky_relu') return `nn.LeakyReLU(${num(spec.leaky_slope)})`;
  if (!(name in ACT)) throw new Error(`pytorch: no PyTorch equivalent for activation '${name}'`);
  return ACT[name];
}

/** @param {Spec} s */
function optimizer(s) {
  const betas = `betas=(${num(s.beta1)}, ${num(s.beta2)}), eps=${num(s.eps)}`;
  switch (s.optimizer) {
    case 'sgd': return `torch.optim.SGD(model.parameters(), lr=${num(s.lr)})`;
    case 'momentum': return `torch.optim.SGD(model.parameters(), lr=${num(s.lr)}, momentum=${num(s.momentum)})`;
    case 'nesterov': return `torch.optim.SGD(model.parameters(), lr=${num(s.lr)}, momentum=${num(s.momentum)}, nesterov=True)`;
    case 'adagrad': return `torch.optim.Adagrad(model.parameters(), lr=${num(s.lr)}, eps=${num(s.eps)})`;
    case 'rmsprop': return `torch.optim.RMSprop(model.parameters(), lr=${num(s.lr)}, alpha=${num(s.rho)}, eps=${num(s.eps)})`;
    case 'adam': return `torch.optim.Adam(model.parameters(), lr=${num(s.lr)}, ${betas})`;
    case 'adamw': return `torch.optim.AdamW(model.parameters(), lr=${num(s.lr)}, ${betas}, weight_decay=${num(s.weight_decay)})`;
    default: throw new Error(`pytorch: unknown optimizer '${s.optimizer}'`);
  }
}

/** The schedule of nn.h as a factor of lr0 after t optimizer steps. @param {Spec} s */
function schedule(s) {
  const T = s.decay_steps, g = num(s.gamma), W = s.warmup;
  /** @type {Record<string, string>} */
  const bodies = {
    constant: '1.0',
    step: `${g} ** (t // ${T})`,
    exp: `${g} ** (t / ${T})`,
    inv_time: `1.0 / (1.0 + ${g} * t / ${T})`,
    cosine: `${num(s.lr_min / s.lr)} + (1 - ${num(s.lr_min / s.lr)}) * (1 + math.cos(math.pi * min(t, ${T}) / ${T})) / 2`,
  };
  const body = bodies[s.schedule];
  if (body === undefined) throw new Error(`pytorch: unknown schedule '${s.schedule}'`);
  const warm = W > 0 ? `    if t < ${W}:\n        return (t + 1) / ${W}\n    t -= ${W}\n` : '';
  return `def lr_factor(t):\n${warm}    return ${body}\n`;
}

/**
 * The network as nn.Sequential modules, from the engine's layers (engine.js Model.layers): a
 * conv layer as Conv2d, pooling as MaxPool2d or AvgPool2d, a dense one as Linear, with an
 * Unflatten ahead of the first image layer (the rows come flat, as the engine takes them) and a
 * Flatten ahead of the first dense layer after one (PyTorch's NCHW order is the engine's).
 * Batch norm, the activation and dropout follow each conv and dense layer but the output.
 * @param {Spec} s @param {any[]} L @param {boolean} fromLogits  the output activation is the loss's
 */
function modules(s, L, fromLogits) {
  const last = L.length - 1;
  /** @type {string[]} */
  const out = [];
  let act = 0; // activations are one per conv and dense layer
  L.forEach((l, i) => {
    const image = l.kind !== 'dense', ch = l.outShape[0];
    if (i === 0 && image) out.push(`nn.Unflatten(1, (${l.inShape.join(', ')}))`);
    if (!image && i > 0 && L[i - 1].kind !== 'dense') out.push('nn.Flatten()');
    if (l.kind === 'maxpool' || l.kind === 'avgpool') {
      out.push(`nn.${l.kind === 'maxpool' ? 'MaxPool2d' : 'AvgPool2d'}(${l.kernel}, stride=${l.stride})`);
      return;
    }
    // A layer ahead of batch norm has no bias (b = -1), as in the engine.
    const bias = l.b < 0 ? ', bias=False' : '';
    out.push(l.kind === 'conv' ? `nn.Conv2d(${l.inShape[0]}, ${ch}, ${l.kernel}, stride=${l.stride}, padding=${l.pad}${bias})`
      : `nn.Linear(${l.in}, ${ch}${bias})`);
    // nn.h's running = (1-m)*running + m*batch, with the unbiased batch variance and eps 1e-5, is
    // PyTorch's BatchNorm1d (2d over a conv layer's channels) with momentum=m and its default eps.
    if (l.gamma >= 0) out.push(`nn.BatchNorm${image ? 2 : 1}d(${ch}, momentum=${num(s.bn_momentum)})`);
    const a = i === last && fromLogits ? null : activation(s.activations[act], s);
    act++;
    if (a) out.push(a);
    if (i < last && s.dropout > 0) out.push(`nn.Dropout(${num(s.dropout)})`);
  });
  return out;
}

/**
 * Each conv and dense layer's parameters as a Python tuple: W as rows of one output unit or
 * channel (a conv filter flattened, (inC, k, k) in order, reshaped on loading), the bias or
 * None, and with batch norm gamma, beta and the running mean and variance.
 * @param {any[]} L @param {number[]} p @param {number[]} r
 */
function weightBlocks(L, p, r) {
  return L.filter((l) => l.kind === 'dense' || l.kind === 'conv').map((l, i) => {
    const ch = l.outShape[0], fanIn = l.kind === 'conv' ? l.inShape[0] * l.kernel * l.kernel : l.in;
    const shape = l.kind === 'conv' ? `(${ch}, ${l.inShape[0]}, ${l.kernel}, ${l.kernel})` : `(${ch}, ${l.in})`;
    const w = matrix(p.slice(l.w, l.w + ch * fanIn), ch, fanIn, '    ');
    const bn = l.gamma >= 0;
    const shapes = bn ? `, gamma, beta, running mean, running var (${ch} each)` : '';
    const b = l.b < 0 ? 'None' : list(p.slice(l.b, l.b + ch));
    let t = `    # layer ${i + 1}: W ${shape}, ${l.b < 0 ? 'no bias' : `b (${ch})`}${shapes}\n`;
    t += `    (${w},\n     ${b}`;
    if (bn) {
      if (!Array.isArray(r) || !(l.mean >= 0 && l.var >= 0 && l.var + ch <= r.length))
        throw new Error(`pytorch: layer ${i + 1} has batch norm but the export lacks its running statistics`);
      t += `,\n     ${list(p.slice(l.gamma, l.gamma + ch))}, ${list(p.slice(l.beta, l.beta + ch))}`;
      t += `,\n     ${list(r.slice(l.mean, l.mean + ch))}, ${list(r.slice(l.var, l.var + ch))}`;
    }
    return `${t}),`;
  }).join('\n');
}

/** @param {string[]} items @returns {string} items comma-separated, about 90 characters a line */
const wrap = (items) => items.reduce((/** @type {string[]} */ lines, it) => {
  if (!lines.length || lines[lines.length - 1].length > 90) lines.push(it); else lines[lines.length - 1] += `, ${it}`;
  return lines;
}, []).map((l) => `    ${l},`).join('\n');

/**
 * The script's data: the playground's points with the feature function, or MNIST's images read
 * from the IDX files torchvision and the original site ship (pixels byte/255, as the engine
 * reads them), the rows flat as the engine takes them.
 * @param {any} model @param {{x: Float32Array, y: Float32Array, nTrain: number} | {image: number[]}} data
 * @param {string} yPrep
 */
function dataPart(model, data, yPrep) {
  if ('image' in data) {
    return `# MNIST as the playground trains on it: the ${model.trainRows ?? 60000} first training images,
# each a row of 784 pixels scaled to [0, 1]. The IDX files are torchvision's MNIST/raw ones
# (or yann.lecun.com's, gunzipped), in MNIST_DIR.
MNIST_DIR = "mnist"
TRAIN_ROWS = ${model.trainRows ?? 60000}

def load_idx(images, labels, n=None):
    """(n, 784) float32 pixels in [0, 1] and (n,) class indices from a pair of IDX files."""
    with open(images, "rb") as f:
        data = f.read()
    count, rows, cols = (int.from_bytes(data[k:k + 4], "big") for k in (4, 8, 12))
    x = torch.frombuffer(bytearray(data[16:16 + count * rows * cols]), dtype=torch.uint8)
    x = x.reshape(count, rows * cols).to(torch.float32) / 255
    with open(labels, "rb") as f:
        y = torch.frombuffer(bytearray(f.read()[8:8 + count]), dtype=torch.uint8).to(torch.long)
    return (x, y) if n is None else (x[:n], y[:n])

def features(x):
    return x
`;
  }
  const n = Math.min(model.trainRows ?? data.nTrain, data.nTrain);
  const xs = [], ys = [];
  for (let i = 0; i < n; i++) { xs.push(`[${num(data.x[2 * i])}, ${num(data.x[2 * i + 1])}]`); ys.push(num(data.y[i])); }
  return `# The input features, computed from the point (x1, x2) as in the playground.
def features(xy):
    x1, x2 = xy[:, 0], xy[:, 1]
    return torch.stack([${model.features.map((/** @type {string} */ f) => FEATURE_PY[f]).join(', ')}], dim=1)

# The playground's training points (x1, x2) and targets.
X_TRAIN = torch.tensor([
${wrap(xs)}
])
Y_TRAIN = [
${wrap(ys)}
]
x_train, y_train = features(X_TRAIN), ${yPrep}
`;
}

/**
 * @param {{spec: any, features: string[], params: number[], bnState: number[], layers: any[], epoch: number,
 *          settings: string, trainRows?: number}} model  trainRows: the rows training uses (the
 *   first ones; the rest of the training part is held out for early stopping), all by default
 * @param {{x: Float32Array, y: Float32Array, nTrain: number} | {image: number[]}} data the
 *   playground's points, or for MNIST the shape of an image (the script reads the IDX files)
 * @param {number} batch mini-batch size
 * @returns {string} a Python script
 */
export function toPyTorch(model, data, batch) {
  const s = model.spec, L = model.layers;
  const lossKind = s.loss;
  // With BCE and softmax CE the engine works from logits: PyTorch's fused losses do the same,
  // so the model ends at the last Linear and predict() applies the output activation.
  const fromLogits = lossKind === 'bce' || lossKind === 'softmax_ce';
  const images = 'image' in data;
  /** @type {Record<string, string>} */
  const losses = { bce: 'nn.BCEWithLogitsLoss()', softmax_ce: 'nn.CrossEntropyLoss()', mse: 'nn.MSELoss()' };
  const lossPy = losses[lossKind];
  // Class indices for softmax CE; float targets (one column) for the others, whose losses
  // refuse integer tensors: two-class labels are written as whole numbers.
  const yPrep = lossKind === 'softmax_ce' ? 'torch.tensor(Y_TRAIN, dtype=torch.long)'
    : 'torch.tensor(Y_TRAIN, dtype=torch.float32).unsqueeze(1)';
  const outAct = fromLogits ? (lossKind === 'bce' ? 'torch.sigmoid(logits)' : 'torch.softmax(logits, dim=1)') : 'logits';
  const n = images ? model.trainRows ?? 60000 : Math.min(model.trainRows ?? data.nTrain, data.nTrain);

  return `# Exported from nnplay after ${model.epoch} epochs.
# Playground settings: ?${model.settings}
# The same network, weights, loss, optimizer, penalties and learning-rate schedule as in the
# playground; training continues below. Needs: pip install torch
import math
import torch
from torch import nn

torch.manual_seed(${Number(s.seed) || 0})

${dataPart(model, data, yPrep)}
model = nn.Sequential(
${modules(s, L, fromLogits).map((l) => `    ${l},`).join('\n')}
)

WEIGHTS = [
${weightBlocks(L, model.params, model.bnState)}
]
with torch.no_grad():
    layers = [m for m in model if isinstance(m, (nn.Linear, nn.Conv2d))]
    norms = [m for m in model if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d))]
    for i, params in enumerate(WEIGHTS):
        layers[i].weight.copy_(torch.tensor(params[0]).reshape(layers[i].weight.shape))
        if params[1] is not None:
            layers[i].bias.copy_(torch.tensor(params[1]))
        if len(params) > 2:
            norms[i].weight.copy_(torch.tensor(params[2]))
            norms[i].bias.copy_(torch.tensor(params[3]))
            norms[i].running_mean.copy_(torch.tensor(params[4]))
            norms[i].running_var.copy_(torch.tensor(params[5]))

loss_fn = ${lossPy}
optimizer = ${optimizer(s)}

${schedule(s)}
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)

def penalty():
    # l1*sum|w| + l2/2*sum w^2 over the weights (not the biases), as in the playground
    ws = [m.weight for m in layers]
    return ${num(s.l1)} * sum(w.abs().sum() for w in ws) + ${num(s.l2)} / 2 * sum((w * w).sum() for w in ws)

def predict(x):
    """The output activation's values for ${images ? 'rows of 784 pixels in [0, 1]' : 'points (x1, x2)'}."""
    model.eval()
    with torch.no_grad():
        logits = model(features(x))
    return ${outAct}

BATCH = ${Math.max(1, Math.min(batch, n))}
EPOCHS = ${images ? 1 : 100}

def train(epochs=EPOCHS, log=print${images ? ', x_train=None, y_train=None' : ''}):
    """Trains on for \`epochs\` epochs; returns each one's training loss, the mean of its batch losses."""
${images ? `    if x_train is None:
        x_train, y_train = load_idx(f"{MNIST_DIR}/train-images-idx3-ubyte", f"{MNIST_DIR}/train-labels-idx1-ubyte", TRAIN_ROWS)
` : ''}    losses = []
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x_train))
        batches = list(torch.split(order, BATCH))
${s.batchnorm ? `        if len(batches) > 1 and len(batches[-1]) == 1:
            # BatchNorm1d refuses a batch of one; the playground joins it to the one before
            batches[-2:] = [torch.cat(batches[-2:])]
` : ''}        total = 0.0
        for idx in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            (loss + penalty()).backward()
${s.clip_norm > 0 ? `            torch.nn.utils.clip_grad_norm_(model.parameters(), ${num(s.clip_norm)})\n` : ''}            optimizer.step()
            scheduler.step()
            total += loss.item()
        losses.append(total / len(batches))
        if epoch % ${images ? 1 : 10} == 0:
            log(f"epoch {epoch}: training loss {losses[-1]:.4f}")
    return losses

if __name__ == "__main__":
${images ? `    x_test, y_test = load_idx(f"{MNIST_DIR}/t10k-images-idx3-ubyte", f"{MNIST_DIR}/t10k-labels-idx1-ubyte")
    print(f"test accuracy {(predict(x_test).argmax(1) == y_test).float().mean().item():.4f}")
    train()
    print(f"test accuracy {(predict(x_test).argmax(1) == y_test).float().mean().item():.4f}")
` : `    train()
    print(predict(torch.tensor([[0.0, 0.0], [3.0, -3.0]])))
`}`;
}
