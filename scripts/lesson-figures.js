// lesson-figures.js — the lessons' still figures, drawn at build time as SVG from numbers the
// engine computes (web/engine.js in Node, the same nnplay.wasm the pages run), so a curve in a
// lesson is the function the networks use, not a formula written again in JavaScript.
// A lesson asks for one with <figure data-figure="NAME">caption</figure>; FIGURES lists them.
// Lessons 8 and 9 draw theirs from the races their pages run (presets/lessons.js).

import { raceInit, raceSchedules } from '../web/presets/lessons.js';
import { SERIES_COLORS } from '../web/plots/colors.js';
import { runSpec, toyRows } from '../web/lib/race.js';

// The chart's box within its W × H: room for the title above, the y labels left, the x labels
// and the legend below.
const H = 160, TOP = 18, LEFT = 36, RIGHT = 8, BOTTOM = 34;
const COLORS = ['#0877bd', '#f59322', '#2ca02c', '#9467bd'];

/** @param {number} v */
const r2 = (v) => Math.round(v * 100) / 100;

/**
 * One small chart: lines over a shared x, each scaled into the same box, with its axes and
 * labels; `mark` draws a vertical rule (a value of x).
 * @param {{title: string, x: ArrayLike<number>, xLabel: string, lines: {y: ArrayLike<number>, label: string, dash?: boolean}[],
 *   mark?: {x: number, label: string}, wide?: boolean, colors?: string[]}} c  wide: twice the width, for more
 *   lines; colors: the lines', SERIES_COLORS for a race's runs, as the race draws them
 */
function chart({ title, x, xLabel, lines, mark, wide = false, colors = COLORS }) {
  const W = wide ? 440 : 220;
  const ys = lines.flatMap((l) => Array.from(l.y));
  const min = Math.min(...ys), max = Math.max(...ys), span = max - min || 1;
  // A little room above and below; none below zero for what is never negative (a loss).
  const lo = min >= 0 ? Math.max(0, min - span * 0.08) : min - span * 0.08, hi = max + span * 0.08;
  const x0 = x[0], x1 = x[x.length - 1], bottom = H - BOTTOM, right = W - RIGHT;
  const px = (/** @type {number} */ v) => r2(LEFT + ((v - x0) / (x1 - x0)) * (right - LEFT));
  const py = (/** @type {number} */ v) => r2(bottom - ((v - lo) / (hi - lo)) * (bottom - TOP));
  const axes = [];
  if (lo < 0 && hi > 0) axes.push(`<line x1="${LEFT}" y1="${py(0)}" x2="${right}" y2="${py(0)}" stroke="#bbb"/>`);
  if (x0 < 0 && x1 > 0) axes.push(`<line x1="${px(0)}" y1="${TOP}" x2="${px(0)}" y2="${bottom}" stroke="#bbb"/>`);
  const paths = lines.map((l, i) => `<polyline fill="none" stroke="${colors[i]}" stroke-width="2"${l.dash ? ' stroke-dasharray="5 3"' : ''} points="${
    Array.from(l.y, (v, k) => `${px(x[k])},${py(v)}`).join(' ')}"/>`);
  const legend = lines.map((l, i) => `<text x="${LEFT + i * 80}" y="${H - 3}" fill="${colors[i]}">${l.dash ? '- - ' : '— '}${l.label}</text>`);
  const rule = mark ? `<line x1="${px(mark.x)}" y1="${TOP}" x2="${px(mark.x)}" y2="${bottom}" stroke="#d62728" stroke-dasharray="2 2"/>
<text x="${px(mark.x) + 3}" y="${TOP + 10}" fill="#d62728">${mark.label}</text>` : '';
  const ticks = `<text x="${LEFT - 3}" y="${TOP + 8}" text-anchor="end">${r2(hi)}</text>
<text x="${LEFT - 3}" y="${bottom}" text-anchor="end">${r2(lo)}</text>
<text x="${LEFT}" y="${bottom + 11}">${x0}</text><text x="${right}" y="${bottom + 11}" text-anchor="end">${x1}</text>
<text x="${(LEFT + right) / 2}" y="${bottom + 11}" text-anchor="middle" fill="#777">${xLabel}</text>`;
  return `<svg class="figure-chart${wide ? ' wide' : ''}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}" font-size="10" font-family="system-ui, sans-serif">
<title>${title}</title><text x="${(LEFT + right) / 2}" y="12" text-anchor="middle" font-weight="bold" fill="#333">${title}</text>
<rect x="${LEFT}" y="${TOP}" width="${right - LEFT}" height="${bottom - TOP}" fill="none" stroke="#dde3ea"/>
${axes.join('')}${paths.join('\n')}${rule}${ticks}${legend.join('')}</svg>`;
}

/**
 * One small bar chart: for each group (a layer) a bar of each series, on a linear scale from 0
 * to `top`; the series are a race's runs, in the race's colours.
 * @param {{title: string, groups: string[], top: number, series: {values: ArrayLike<number>, label: string}[]}} c
 */
function bars({ title, groups, top, series }) {
  const W = 220, bottom = H - BOTTOM, right = W - RIGHT;
  const slot = (right - LEFT) / groups.length, bar = (slot - 4) / series.length;
  const py = (/** @type {number} */ v) => r2(bottom - (Math.min(v, top) / top) * (bottom - TOP));
  const rects = series.flatMap((sr, i) => Array.from(sr.values, (v, g) =>
    `<rect x="${r2(LEFT + g * slot + 2 + i * bar)}" y="${py(v)}" width="${r2(bar)}" height="${r2(bottom - py(v))}" fill="${SERIES_COLORS[i]}"/>`));
  const names = groups.map((n, g) => `<text x="${r2(LEFT + (g + 0.5) * slot)}" y="${bottom + 11}" text-anchor="middle">${n}</text>`);
  const legend = series.map((sr, i) => `<text x="${LEFT + i * 60}" y="${H - 3}" fill="${SERIES_COLORS[i]}">■ ${sr.label}</text>`);
  return `<svg class="figure-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}" font-size="10" font-family="system-ui, sans-serif">
<title>${title}</title><text x="${(LEFT + right) / 2}" y="12" text-anchor="middle" font-weight="bold" fill="#333">${title}</text>
<rect x="${LEFT}" y="${TOP}" width="${right - LEFT}" height="${bottom - TOP}" fill="none" stroke="#dde3ea"/>
<text x="${LEFT - 3}" y="${TOP + 8}" text-anchor="end">${Number(top.toPrecision(2))}</text><text x="${LEFT - 3}" y="${bottom}" text-anchor="end">0</text>
${rects.join('')}${names.join('')}${legend.join('')}</svg>`;
}

/** n + 1 evenly spaced points from a to b. */
const grid = (/** @type {number} */ a, /** @type {number} */ b, /** @type {number} */ n) =>
  Float32Array.from({ length: n + 1 }, (_, i) => a + ((b - a) * i) / n);

/** @type {Record<string, (engine: import('../web/engine.js').Engine) => string>} */
export const FIGURES = {
  // Each hidden activation the playground offers, its curve and its slope from nn_act_eval.
  activations(engine) {
    const x = grid(-4, 4, 160);
    return ['sigmoid', 'tanh', 'relu', 'leaky_relu'].map((name) => {
      const { y, dydx } = engine.actEval(name, x, 0.1);
      return chart({ title: name === 'leaky_relu' ? 'leaky ReLU (α = 0.1)' : name === 'relu' ? 'ReLU' : name, x, xLabel: 'z',
        lines: [{ y, label: 'f(z)' }, { y: dydx, label: 'slope f′(z)', dash: true }] });
    }).join('\n');
  },
  // One unit, sigmoid(w1·x1 + w2·x2 + b), on the overlapping Gaussian clouds, trained from
  // the same seed with each loss; then the loss the engine evaluates while w1 alone varies.
  'loss-surface'(engine) {
    const { x, y } = engine.toy('gauss', 200, 0.3);
    const data = engine.upload(x, y);
    const w1 = grid(-6, 6, 120);
    try {
      return ['mse', 'bce'].map((loss) => {
        const m = engine.createModel({ inputs: 2, layers: [1], activations: ['sigmoid'], loss, optimizer: 'sgd', lr: 0.5, seed: 1 });
        try {
          for (let e = 0; e < 50; e++) m.trainEpoch(data, 20);
          const p = m.params(), at = m.layers[0].w, trained = p[at];
          const curve = Float32Array.from(w1, (v) => { p[at] = v; m.setParams(p); return m.evaluate(data).loss; });
          return chart({ title: loss === 'mse' ? 'mean squared error' : 'cross-entropy', x: w1, xLabel: 'w₁',
            lines: [{ y: curve, label: 'loss' }], mark: { x: trained, label: `trained: ${r2(trained)}` } });
        } finally { m.free(); }
      }).join('\n');
    } finally { data.free(); }
  },
  // Lesson 8's race of the three starts (presets/lessons.js race-init), on its data: per hidden
  // layer, the spread of its outputs (nn_model_activation_std) before any training, and its
  // weight gradient's standard deviation after one step on the first 10 points (nn_grad_stds).
  init(engine) {
    const L = raceInit.lesson, hidden = L.spec.layers.length - 1;
    const { x: f, y } = toyRows(engine, L.data);
    const runs = L.runs.map((run) => {
      const m = engine.createModel(runSpec(L.spec, run));
      try {
        const std = m.activationStd(f);
        m.trainStep(f.slice(0, 10 * L.spec.inputs), y.slice(0, 10));
        return { label: run.label, std: std.slice(0, hidden), grad: m.gradStds().slice(0, hidden) };
      } finally { m.free(); }
    });
    const groups = Array.from({ length: hidden }, (_, i) => String(i + 1));
    // One chart per measure, each on its own scale: the gradients are a tenth of the signal.
    return [['output spread', 'std'], ['gradient std', 'grad']].map(([title, key]) => bars({ title, groups,
      top: Math.max(...runs.flatMap((r) => [...r[key]])),
      series: runs.map((r) => ({ values: r[key], label: r.label })) })).join('\n');
  },
  // Lesson 9's race of four schedules (presets/lessons.js race-schedules: 25 steps an epoch),
  // from the engine's nn_sched_lr, overlaid over the race's epochs.
  schedules(engine) {
    const L = raceSchedules.lesson, STEPS = L.data.n / L.batch;
    const epochs = grid(0, L.epochs, L.epochs);
    const steps = Array.from(epochs, (e) => Math.min(e * STEPS, L.epochs * STEPS - 1));
    return chart({ title: 'learning rate by epoch', x: epochs, xLabel: 'epoch', wide: true, colors: SERIES_COLORS,
      lines: L.runs.map((run) => ({ y: engine.learningRates(runSpec(L.spec, run), steps), label: run.label })) });
  },
};

/**
 * The fragment with each <figure data-figure="NAME">caption</figure> drawn.
 * @param {string} html @param {string} where  the file, for errors
 * @param {import('../web/engine.js').Engine} engine
 */
export function drawFigures(html, where, engine) {
  return html.replace(/<figure data-figure="([^"]*)">([\s\S]*?)<\/figure>/g, (_, name, caption) => {
    if (!Object.hasOwn(FIGURES, name)) throw new Error(`${where}: no figure "${name}" (there are ${Object.keys(FIGURES).join(', ')})`);
    return `<figure class="engine-figure"><div class="charts">${FIGURES[name](engine)}</div><figcaption>${caption.trim()}</figcaption></figure>`;
  });
}
