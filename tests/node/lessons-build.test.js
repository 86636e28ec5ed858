// The lessons' build (scripts/lessons.js, scripts/lesson-figures.js): math typeset with no
// inline style left, \$ kept as a dollar, an unpaired $ and a malformed lesson refused with the
// file named; the snippet under a widget is the element as written; the engine's figures draw
// its own numbers (the loss curve bottoms out where training left the weight).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typeset, addSnippets, readLessons } from '../../scripts/lessons.js';
import { FIGURES, drawFigures } from '../../scripts/lesson-figures.js';
import { loadEngine } from './engine-util.js';

const engine = await loadEngine();

test('typeset: KaTeX markup, its style attributes as classes of the page, \\$ a dollar', () => {
  const styles = new Map();
  const out = typeset('<p>costs \\$5 and $x^2$, shown: $$\\frac{a}{b}$$</p>', 'a.html', styles);
  assert.match(out, /^<p>costs \$5 and <span class="katex">/);
  assert.match(out, /<span class="katex-display">/);
  assert.ok(!/ style="/.test(out), 'an inline style is left');
  assert.ok(!/class="[^"]*"[^>]* class="/.test(out), 'a tag with two class attributes');
  assert.ok(styles.size > 0);
  for (const name of styles.values()) assert.match(out, new RegExp(`class="[^"]*\\b${name}\\b`));
  assert.equal(out.split('$').length, 2, 'only the escaped dollar is left');
});

test('typeset refuses an unpaired $ and bad TeX, naming the file', () => {
  assert.throws(() => typeset('<p>$x</p>', 'b.html', new Map()), /b\.html: an unpaired \$/);
  assert.throws(() => typeset('<p>$\\frac{1}$</p>', 'c.html', new Map()), /c\.html: .*\\frac\{1\}/);
});

test('addSnippets: under each widget, the module script and the element exactly as written', () => {
  const tag = '<nn-playground dataset="xor"\n  lr="0.1"></nn-playground>';
  const out = addSnippets(`<p>a</p>\n${tag}\n<p>b</p>`);
  const code = /<code>([\s\S]*?)<\/code>/.exec(out)[1];
  assert.equal(code, '&lt;script type=&quot;module&quot; src=&quot;https://YOUR-NNPLAY-HOST/nnplay.js&quot;&gt;&lt;/script&gt;\n'
    + '&lt;nn-playground dataset=&quot;xor&quot;\n  lr=&quot;0.1&quot;&gt;&lt;/nn-playground&gt;');
  assert.ok(out.startsWith(`<p>a</p>\n${tag}\n<details class="snippet">`));
});

test('readLessons: number order, title and lead; a lesson without them or its exercise is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnplay-lessons-'));
  try {
    const body = (t) => `<h1>${t}</h1>\n<p class="lead">About ${t}.</p>\n<p>text</p>\n<section class="try"><p>do</p></section>\n`;
    writeFileSync(join(dir, '10-ten.html'), body('Ten'));
    writeFileSync(join(dir, '02-two.html'), body('Two'));
    writeFileSync(join(dir, 'notes.html'), 'not a lesson');
    assert.deepEqual(readLessons(dir).map((l) => [l.num, l.title, l.lead]), [['02', 'Two', 'About Two.'], ['10', 'Ten', 'About Ten.']]);
    writeFileSync(join(dir, '03-bad.html'), '<p>no title</p>');
    assert.throws(() => readLessons(dir), /03-bad\.html: must begin with <h1>/);
    writeFileSync(join(dir, '03-bad.html'), '<h1>T</h1><p class="lead">L</p><p>no exercise</p>');
    assert.throws(() => readLessons(dir), /03-bad\.html: must end with <section class="try">/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

/** The polylines of an SVG as [x, y] points, and the dashed rule's x. */
function parseChart(svg) {
  const lines = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1].split(' ').map((p) => p.split(',').map(Number)));
  const rule = /<line x1="([\d.]+)"[^>]*stroke="#d62728"/.exec(svg);
  return { lines, rule: rule ? Number(rule[1]) : null };
}

test('the activation figure draws each function and its slope from the engine', () => {
  const charts = FIGURES.activations(engine).split('</svg>').filter((s) => s.includes('<svg'));
  assert.equal(charts.length, 4);
  // ReLU (the third): the curve is flat then rises; the slope is a step from 0 to 1, so its
  // line has exactly two heights.
  const { lines: [curve, slope] } = parseChart(charts[2]);
  assert.equal(new Set(slope.map(([, y]) => y)).size, 2);
  assert.equal(curve[0][1], curve[Math.floor(curve.length / 2) - 1][1], 'ReLU is flat left of 0');
  assert.ok(curve[curve.length - 1][1] < curve[0][1], 'and rises right of it (SVG y grows downward)');
});

test('the loss-surface figure: each loss is lowest near the weight training left', () => {
  const charts = FIGURES['loss-surface'](engine).split('</svg>').filter((s) => s.includes('<svg'));
  assert.equal(charts.length, 2);
  for (const svg of charts) {
    const { lines: [curve], rule } = parseChart(svg);
    const lowest = curve.reduce((a, b) => (b[1] > a[1] ? b : a)); // SVG y grows downward
    const step = curve[1][0] - curve[0][0];
    assert.ok(Math.abs(lowest[0] - rule) <= 6 * step, `lowest at ${lowest[0]}, trained at ${rule}`);
  }
  // Far on the wrong side the squared error levels off while the cross-entropy keeps climbing.
  const [mse, ce] = charts.map((svg) => parseChart(svg).lines[0]);
  const rise = (c) => (c[10][1] - c[0][1]) / (c[30][1] - c[20][1]);
  assert.ok(rise(mse) < 0.6 && rise(ce) > 0.8, `mse ${rise(mse)}, ce ${rise(ce)}`);
});

test('drawFigures: an unknown figure is refused with the file and the names there are', () => {
  assert.throws(() => drawFigures('<figure data-figure="nope">c</figure>', 'd.html', engine), /d\.html: no figure "nope" \(there are activations, loss-surface, init, schedules\)/);
  assert.match(drawFigures('<figure data-figure="activations">Cap</figure>', 'e.html', engine), /<figcaption>Cap<\/figcaption><\/figure>$/);
});

test('the schedules figure overlays the four of lesson 9: the step one halves every 30 epochs', () => {
  const { lines } = parseChart(FIGURES.schedules(engine));
  assert.equal(lines.length, 4);
  const [constant, step] = lines;
  assert.equal(new Set(constant.map(([, y]) => y)).size, 1);
  // 0.3, 0.15, 0.075, 0.0375, 0.01875: five heights, the last 30 epochs from 120 on.
  assert.equal(new Set(step.map(([, y]) => y)).size, 5);
  assert.equal(step[119][1] !== step[120][1] && step[120][1] === step[150][1], true);
});

test('the init figure: zeros pass nothing; Xavier\'s signal fades layer by layer through ReLUs, He\'s keeps', () => {
  const charts = FIGURES.init(engine).split('</svg>').filter((s) => s.includes('<svg'));
  assert.equal(charts.length, 2);
  // One chart per measure (output spread, gradient std), each with the six layers' bars of
  // zeros, then Xavier's, then He's, as heights.
  const [spread, grad] = charts.map((svg) => [...svg.matchAll(/<rect x="[^"]*" y="[^"]*" width="[^"]*" height="([^"]*)" fill="#/g)]
    .map((m) => Number(m[1])));
  for (const bars of [spread, grad]) assert.equal(bars.length, 18);
  const run = (bars, r) => bars.slice(6 * r, 6 * r + 6);
  assert.ok(run(spread, 0).every((h) => h === 0) && run(grad, 0).every((h) => h === 0), `zeros: ${run(spread, 0)}, ${run(grad, 0)}`);
  const xavier = run(spread, 1), he = run(spread, 2);
  for (let l = 1; l < 6; l++) assert.ok(xavier[l] < xavier[l - 1], `Xavier: ${xavier}`);
  assert.ok(he[5] > 4 * xavier[5], `layer 6: He ${he[5]}, Xavier ${xavier[5]}`);
  for (let l = 0; l < 6; l++) assert.ok(run(grad, 2)[l] > 2 * run(grad, 1)[l], `layer ${l + 1}'s gradient: He ${run(grad, 2)}, Xavier ${run(grad, 1)}`);
});
