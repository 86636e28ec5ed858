// embedding-page.js — writes the docs page build/web/embedding.html from its template
// web/embedding.html, filling in the tables from the code that reads them, so the page lists
// every option, setting, panel, event and method there is: the element's table
// (web/element/options.js), the settings table (web/lib/settings.js, with names.js's labels),
// the panels (components/nnplay/panels.js) and the presets. The host's sizing script is shown as
// it is served, and so is the page's own lesson script. mk/web.mk bundles this with esbuild (the panels are JSX) and runs it:
//   node build/gen/embedding-page.mjs <template> <out>     (from the repository's root)
import { readFileSync, writeFileSync } from 'node:fs';
import { OPTIONS, EVENTS, METHODS } from '../web/element/options.js';
import { SETTINGS, format } from '../web/lib/settings.js';
import { label } from '../web/lib/names.js';
import { PANELS } from '../web/components/nnplay/panels.js';
import { PRESETS } from '../web/presets/index.js';

// What each panel shows, in a line; a panel missing here stops the build.
const PANEL_DOCS = {
  data: 'the toy data: problem type, data set tiles, points, noise, split, Regenerate',
  network: 'the network editor (features, layers, neurons, activations) and its diagram',
  output: 'the decision boundary or regression surface, the points, train/test loss',
  fit: 'a 1-D regression (the curve set) as a curve: the points and the network\'s y(x₁) (regression)',
  charts: 'loss, accuracy (or R²), learning rate and gradient norms per epoch',
  settings: 'every training setting (or, with setting keys in controls, just those)',
  share: 'permalink to the full page, reset to defaults, model export/import, PyTorch code, gradient check',
  confusion: 'the confusion matrix on the test rows (classification)',
  mistakes: 'the test rows the network gets most wrong (classification)',
  weights: 'the first layer\'s weights as images (an MLP)',
  filters: 'the learned filters of every conv layer (a CNN: model cnn)',
  maps: 'the feature maps of the digit drawn on the pad, layer by layer; click one to enlarge it (a CNN, with pad)',
  pad: 'a digit pad: draw a digit, read the network\'s answer (mnist)',
  curves: 'ROC and precision-recall curves (two classes)',
  regression: 'predicted against true values, and the errors (regression)',
  imbalance: 'the classes\' shares and what always guessing the larger one scores',
  stats: 'the columns of a real data set',
  csv: 'the learner\'s own CSV file: read, columns, target',
  backprop: 'one backpropagation step of a 2-2-1 network on one sample, stage by stage, the engine\'s numbers on the drawing (preset backprop)',
  race: 'SGD, Momentum, Nesterov, AdaGrad, RMSprop and Adam from the same initial weights, loss curves overlaid (preset race)',
  surface: 'the loss contours of a two-parameter model with each optimizer\'s path (preset surface)',
  gradcheck: 'the gradient check parameter by parameter, with a layer\'s gradient broken on purpose (preset gradcheck)',
};

const esc = (/** @type {string} */ s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const code = (/** @type {string} */ s) => `<code>${esc(s)}</code>`;
/** @param {string[]} head @param {string[][]} rows  cells as HTML */
const table = (head, rows) => `<table>\n<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>\n<tbody>\n${
  rows.map((r) => `<tr>${r.map((c, i) => (i ? `<td>${c}</td>` : `<th scope="row">${c}</th>`)).join('')}</tr>`).join('\n')}\n</tbody>\n</table>`;

/** @param {import('../web/lib/settings.js').Row} r */
function values(r) {
  if (r.values) return r.values.map(code).join(' ');
  if (r.kind === 'bool') return '0 or 1';
  if (r.kind === 'seed') return 'a whole number ≥ 0';
  if (r.kind === 'sizes') return `up to ${r.maxLen} sizes, ${r.min} … ${r.max}: ${code('8,8')}`;
  return `${r.kind === 'int' ? 'whole, ' : ''}${r.minOpen ? 'above ' : ''}${r.min} … ${r.max}`;
}

const missing = Object.keys(PANELS).filter((p) => !PANEL_DOCS[p]);
if (missing.length) throw new Error(`embedding-page: no words for the panels ${missing.join(', ')}`);

const parts = {
  options: table(['attribute', 'value', 'default', 'does'], OPTIONS.map((o) => [code(o.name), esc(o.value), esc(o.default), esc(o.doc)])),
  settings: table(['attribute', 'setting', 'values', 'default'], SETTINGS.map((r) => [code(r.key),
    esc(label(r.key) + (r.help ? ` — ${r.help}` : '')), values(r), code(format(r, r.default))])),
  panels: table(['name', 'shows'], Object.keys(PANELS).map((p) => [code(p), esc(PANEL_DOCS[p])])),
  presets: table(['preset', 'page', 'panels'], Object.values(PRESETS).map((p) => [code(p.id), esc(p.title), p.panels.map(code).join(' ')])),
  events: table(['event', 'detail', 'when'], EVENTS.map((e) => [code(e.name), code(e.detail), esc(e.doc)])),
  methods: table(['member', 'does'], METHODS.map((m) => [code(m.name), esc(m.doc)])),
  'frame-host': `<pre><code>${esc(readFileSync('web/element/frame-host.js', 'utf8'))}</code></pre>`,
  lesson: `${esc(readFileSync('web/embedding.js', 'utf8'))}&lt;/script&gt;</code></pre>`,
};

const [template, out] = process.argv.slice(2);
const page = readFileSync(template, 'utf8').replace(/<!-- @([\w-]+) -->/g, (m, name) => {
  if (!Object.hasOwn(parts, name)) throw new Error(`embedding-page: ${template} asks for an unknown part ${m}`);
  return parts[name];
});
writeFileSync(out, page);
