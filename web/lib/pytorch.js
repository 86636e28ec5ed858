// pytorch.js — writes the trained network out as a standalone PyTorch script, so a learner can
// carry on where the playground ends: the same features, layers, weights and batch norm's running
// statistics, loss, optimizer, penalties and schedule (the formulas of csrc/nn.h), the training
// data, and a training loop.
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
 * @param {{spec: any, features: string[], params: number[], bnState: number[], layers: any[], epoch: number,
 *          settings: string}} model
 * @param {{x: Float32Array, y: Float32Array, nTrain: number}} data the playground's points
 * @param {number} batch mini-batch size
 * @returns {string} a Python script
 */
export function toPyTorch(model, data, batch) {
  const s = model.spec, p = model.params, L = model.layers, r = model.bnState;
  const last = L.length - 1;
  const lossKind = s.loss;
  // With BCE and softmax CE the engine works from logits: PyTorch's fused losses do the same,
  // so the model ends at the last Linear and predict() applies the output activation.
  const fromLogits = lossKind === 'bce' || lossKind === 'softmax_ce';
  /** @type {string[]} */
  const layers = [];
  L.forEach((l, i) => {
    // A layer ahead of batch norm has no bias (b = -1), as in the engine.
    layers.push(`nn.Linear(${l.in}, ${l.out}${l.b < 0 ? ', bias=False' : ''})`);
    // nn.h's running = (1-m)*running + m*batch, with the unbiased batch variance and eps 1e-5, is
    // PyTorch's BatchNorm1d with momentum=m and its default eps.
    if (i < last && s.batchnorm) layers.push(`nn.BatchNorm1d(${l.out}, momentum=${num(s.bn_momentum)})`);
    const a = i === last && fromLogits ? null : activation(s.activations[i], s);
    if (a) layers.push(a);
    if (i < last && s.dropout > 0) layers.push(`nn.Dropout(${num(s.dropout)})`);
  });
  const weights = L.map((l, i) => {
    const w = matrix(p.slice(l.w, l.w + l.out * l.in), l.out, l.in, '    ');
    const bn = l.gamma >= 0;
    const shapes = bn ? `, gamma, beta, running mean, running var (${l.out} each)` : '';
    const b = l.b < 0 ? 'None' : list(p.slice(l.b, l.b + l.out));
    let t = `    # layer ${i + 1}: W (${l.out}, ${l.in}), ${l.b < 0 ? 'no bias' : `b (${l.out})`}${shapes}\n`;
    t += `    (${w},\n     ${b}`;
    if (bn) {
      if (!Array.isArray(r) || !(l.mean >= 0 && l.var >= 0 && l.var + l.out <= r.length))
        throw new Error(`pytorch: layer ${i + 1} has batch norm but the export lacks its running statistics`);
      t += `,\n     ${list(p.slice(l.gamma, l.gamma + l.out))}, ${list(p.slice(l.beta, l.beta + l.out))}`;
      t += `,\n     ${list(r.slice(l.mean, l.mean + l.out))}, ${list(r.slice(l.var, l.var + l.out))}`;
    }
    return `${t}),`;
  }).join('\n');
  const n = data.nTrain;
  const xs = [], ys = [];
  for (let i = 0; i < n; i++) { xs.push(`[${num(data.x[2 * i])}, ${num(data.x[2 * i + 1])}]`); ys.push(num(data.y[i])); }
  /** @param {string[]} items */
  const wrap = (items) => items.reduce((/** @type {string[]} */ lines, it) => {
    if (!lines.length || lines[lines.length - 1].length > 90) lines.push(it); else lines[lines.length - 1] += `, ${it}`;
    return lines;
  }, []).map((l) => `    ${l},`).join('\n');
  /** @type {Record<string, string>} */
  const losses = { bce: 'nn.BCEWithLogitsLoss()', softmax_ce: 'nn.CrossEntropyLoss()', mse: 'nn.MSELoss()' };
  const lossPy = losses[lossKind];
  const yPrep = lossKind === 'softmax_ce' ? 'torch.tensor(Y_TRAIN).long()' : 'torch.tensor(Y_TRAIN).unsqueeze(1)';
  const outAct = fromLogits ? (lossKind === 'bce' ? 'torch.sigmoid(logits)' : 'torch.softmax(logits, dim=1)') : 'logits';

  return `# Exported from nnplay after ${model.epoch} epochs.
# Playground settings: ?${model.settings}
# The same network, weights, loss, optimizer, penalties and learning-rate schedule as in the
# playground; training continues below. Needs: pip install torch
import math
import torch
from torch import nn

torch.manual_seed(${Number(s.seed) || 0})

# The input features, computed from the point (x1, x2) as in the playground.
def features(xy):
    x1, x2 = xy[:, 0], xy[:, 1]
    return torch.stack([${model.features.map((f) => FEATURE_PY[f]).join(', ')}], dim=1)

model = nn.Sequential(
${layers.map((l) => `    ${l},`).join('\n')}
)

WEIGHTS = [
${weights}
]
with torch.no_grad():
    linears = [m for m in model if isinstance(m, nn.Linear)]
    norms = [m for m in model if isinstance(m, nn.BatchNorm1d)]
    for i, params in enumerate(WEIGHTS):
        linears[i].weight.copy_(torch.tensor(params[0]))
        if params[1] is not None:
            linears[i].bias.copy_(torch.tensor(params[1]))
        if len(params) > 2:
            norms[i].weight.copy_(torch.tensor(params[2]))
            norms[i].bias.copy_(torch.tensor(params[3]))
            norms[i].running_mean.copy_(torch.tensor(params[4]))
            norms[i].running_var.copy_(torch.tensor(params[5]))

# The playground's training points (x1, x2) and targets.
X_TRAIN = torch.tensor([
${wrap(xs)}
])
Y_TRAIN = [
${wrap(ys)}
]
x_train, y_train = features(X_TRAIN), ${yPrep}

loss_fn = ${lossPy}
optimizer = ${optimizer(s)}

${schedule(s)}
scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)

def penalty():
    # l1*sum|w| + l2/2*sum w^2 over the weights (not the biases), as in the playground
    ws = [m.weight for m in model if isinstance(m, nn.Linear)]
    return ${num(s.l1)} * sum(w.abs().sum() for w in ws) + ${num(s.l2)} / 2 * sum((w * w).sum() for w in ws)

def predict(xy):
    model.eval()
    with torch.no_grad():
        logits = model(features(xy))
    return ${outAct}

BATCH = ${Math.max(1, Math.min(batch, n))}
for epoch in range(100):
    model.train()
    order = torch.randperm(len(x_train))
    total = 0.0
    batches = list(torch.split(order, BATCH))
${s.batchnorm ? `    if len(batches) > 1 and len(batches[-1]) == 1:
        # BatchNorm1d refuses a batch of one; the playground joins it to the one before
        batches[-2:] = [torch.cat(batches[-2:])]
` : ''}    for idx in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[idx]), y_train[idx])
        (loss + penalty()).backward()
${s.clip_norm > 0 ? `        torch.nn.utils.clip_grad_norm_(model.parameters(), ${num(s.clip_norm)})\n` : ''}        optimizer.step()
        scheduler.step()
        total += loss.item() * len(idx)
    if epoch % 10 == 0:
        print(f"epoch {epoch}: training loss {total / len(x_train):.4f}")

print(predict(torch.tensor([[0.0, 0.0], [3.0, -3.0]])))
`;
}
