// The lessons' own widgets in their lesson pages (web/lessons/03, 06, 10 on a course page of
// another origin, and the races of 04, 08, 09 on a second one): every widget starts with no
// console error; lesson 3 shows, stage by stage, the numbers the engine computes for that
// network (a model of the same preset run in Node) and one checked by hand; the race starts
// six equal losses from the same weights and parts them; every race of lessons 4, 8 and 9
// trains when played and shows, loss for loss and bar for bar, what the same runs give in
// Node through engine.js (so the same initial weights, which the worker tests check, or the
// inits' own: zeros' bars all 0), its schedules' rates the engine's; the surface walks every
// path; the gradient check passes, fails with a layer broken and passes once repaired.
// Screenshots at desktop and phone width.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startHost, startBrowser, openPage, OUTPUT } from './harness.js';
import { lessonPage, LESSON_CSS, RACE_LESSONS } from './lessons-fixture.js';
import { loadEngine } from '../node/engine-util.js';
import { backprop } from '../../web/presets/lessons.js';
import { PRESETS } from '../../web/presets/index.js';
import { runSpec, toyRows } from '../../web/lib/race.js';

let nn, host, browser;
before(async () => {
  nn = await startServer();
  const csp = [`default-src 'none'`, `script-src 'self' ${nn.url} 'wasm-unsafe-eval'`, `worker-src blob: ${nn.url}`,
    `connect-src ${nn.url}`, `style-src 'self'`, `img-src data:`].join('; ');
  host = await startHost({ '/lessons.html': lessonPage(nn.url), '/races.html': lessonPage(nn.url, RACE_LESSONS), '/lesson.css': LESSON_CSS }, csp);
  browser = await startBrowser();
  mkdirSync(OUTPUT, { recursive: true });
});
after(async () => { await browser?.close(); await host?.stop(); await nn?.stop(); });

/** The shadow root of the widget in lesson `article` whose preset is `preset`. */
const inside = (preset) => `nn-playground[preset=${preset}]`;
/** A locator in a widget: playwright pierces open shadow roots. */
const at = (page, preset, testid) => page.locator(`${inside(preset)} [data-testid="${testid}"]`);
const value = async (page, preset, testid) => Number(await at(page, preset, testid).getAttribute('data-value'));

let shared;
async function lessons() {
  if (!shared) {
    shared = await openPage(browser.context, `${host.url}/lessons.html`);
    for (const [p, id] of [['backprop', 'bp-next'], ['race', 'race-play'], ['surface', 'surface-run'], ['gradcheck', 'gc-check']]) {
      await at(shared.page, p, id).and(shared.page.locator(':not([disabled])')).waitFor({ timeout: 30000 });
    }
  }
  return shared;
}

test('lesson 3: each stage shows the engine\'s numbers for the 2-2-1 network', async () => {
  const { page, problems } = await lessons();
  // The engine's own step of the same preset, in Node.
  const engine = await loadEngine();
  const L = backprop.lesson;
  const m = engine.createModel(L.spec);
  m.setParams(L.params);
  const before = m.params();
  const loss = m.trainStep(Float32Array.from(L.x), Float32Array.from(L.y));
  const tr = (l, w) => m.trace(l, w);
  const grads = m.grads(), after = m.params();
  const near = (got, want, what) => assert.ok(Math.abs(got - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${what}: shown ${got}, engine ${want}`);
  const next = () => at(page, 'backprop', 'bp-next').click();
  const stage = async (n) => assert.match(await at(page, 'backprop', 'bp-stage').textContent(), new RegExp(`^${n}\\.`));

  await stage(1);
  for (let j = 0; j < 2; j++) near(await value(page, 'backprop', `bp-hz-${j}`), tr(0, 'z')[j], `z${j}`);
  near(await value(page, 'backprop', 'bp-hz-0'), 1.0, 'z1 by hand: .1·1 + .2·2 + .5');
  for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) near(await value(page, 'backprop', `bp-w1-${j}-${i}`), before[j * 2 + i], 'W1');
  await next(); await stage(2);
  for (let j = 0; j < 2; j++) near(await value(page, 'backprop', `bp-ha-${j}`), tr(0, 'a')[j], `a${j}`);
  await next(); await stage(3);
  near(await value(page, 'backprop', 'bp-yhat'), tr(1, 'a')[0], 'ŷ');
  await next(); await stage(4);
  near(await value(page, 'backprop', 'bp-loss'), loss, 'loss');
  await next(); await stage(5);
  near(await value(page, 'backprop', 'bp-dout'), tr(1, 'delta')[0], 'output delta');
  await next(); await stage(6);
  for (let j = 0; j < 2; j++) near(await value(page, 'backprop', `bp-hd-${j}`), tr(0, 'delta')[j], `δ${j}`);
  await next(); await stage(7);
  const g = (l, j, i) => value(page, 'backprop', `bp-g${l}-${j}-${i}`);
  for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) near(await g(1, j, i), grads[j * 2 + i], `dW1[${j}][${i}]`);
  for (let i = 0; i < 2; i++) near(await g(2, 0, i), grads[6 + i], `dW2[${i}]`);
  for (let j = 0; j < 2; j++) near(await value(page, 'backprop', `bp-gb1-${j}`), grads[4 + j], `db1[${j}]`);
  near(await value(page, 'backprop', 'bp-gb2-0'), grads[8], 'db2');
  near(await g(1, 0, 1), -0.12191543, 'dW1[0][1] by hand: δ1·x2');
  await next(); await stage(8);
  for (let j = 0; j < 2; j++) for (let i = 0; i < 2; i++) near(await value(page, 'backprop', `bp-w1-${j}-${i}`), after[j * 2 + i], 'new W1');
  await next();
  await page.waitForFunction((sel) => /step 2/.test(document.querySelector(sel).shadowRoot.querySelector('[data-testid=bp-where]').textContent),
    inside('backprop'));
  await stage(1);
  m.free();
  assert.deepEqual(problems, []);
});

test('lesson 6: the race starts from equal losses and parts them; the surface walks', async () => {
  const { page, problems } = await lessons();
  const runs = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
  const losses = () => Promise.all(runs.map((_, i) => value(page, 'race', `race-loss-${i}`)));
  const start = await losses();
  // The same initial weights give the same initial loss, to the last bit.
  assert.equal(new Set(start).size, 1, `initial losses ${start}`);
  await at(page, 'race', 'race-play').click();
  await page.waitForFunction((sel) => /epoch ([6-9]|\d\d)/.test(document.querySelector(sel).shadowRoot.querySelector('[data-testid=race-epoch]').textContent),
    inside('race'), { timeout: 30000 });
  await at(page, 'race', 'race-play').click(); // pause
  const later = await losses();
  assert.equal(new Set(later).size, 6, `six different losses ${later}`);
  later.forEach((l, i) => assert.ok(l < start[i], `${runs[i]} learned`));

  await at(page, 'surface', 'surface-run').click();
  await at(page, 'surface', 'surface-loss-adam').waitFor({ timeout: 20000 });
  for (const r of runs) assert.ok(await value(page, 'surface', `surface-loss-${r}`) < 1, r);
  assert.deepEqual(problems, []);
});

/**
 * The race of preset `id` replayed in Node through engine.js for `epochs` epochs: per run its
 * loss, rate and, with the preset's layers, per hidden layer its activationStd on the data and
 * its gradStds (null at epoch 0).
 */
async function replay(id, epochs) {
  const engine = await loadEngine();
  const L = PRESETS[id].lesson, d = L.data, hidden = L.spec.layers.length - 1;
  const { x, y } = toyRows(engine, d);
  const data = engine.upload(x, y, d.n);
  const models = L.runs.map((run) => engine.createModel(runSpec(L.spec, run)));
  for (const m of models) for (let e = 0; e < epochs; e++) m.trainEpoch(data, L.batch);
  const out = {
    loss: models.map((m) => m.evaluate(data).loss), lr: models.map((m) => m.lr), steps: models.map((m) => m.steps),
    act: models.map((m) => Array.from(m.activationStd(x)).slice(0, hidden)),
    grad: epochs ? models.map((m) => Array.from(m.gradStds()).slice(0, hidden)) : null,
  };
  for (const m of models) m.free();
  data.free();
  return out;
}

/** What race widget `id` shows: its epoch, each run's loss and rate, and the bars' numbers. */
async function shown(page, id) {
  const L = PRESETS[id].lesson, hidden = L.layers ? L.spec.layers.length - 1 : 0;
  const epoch = Number(/epoch (\d+)/.exec(await at(page, id, 'race-epoch').textContent())[1]);
  const runs = L.runs.map((_, i) => i), layers = Array.from({ length: hidden }, (_, l) => l);
  const cells = (what) => Promise.all(runs.map((i) => Promise.all(layers.map(async (l) => {
    const v = await at(page, id, `race-${what}-${i}-${l}`).getAttribute('data-value');
    return v === '' ? null : Number(v);
  }))));
  return { epoch, loss: await Promise.all(runs.map((i) => value(page, id, `race-loss-${i}`))),
    lr: await Promise.all(runs.map((i) => value(page, id, `race-lr-${i}`))), act: await cells('act'), grad: await cells('grad') };
}

let racePage;
async function races() {
  if (!racePage) {
    racePage = await openPage(browser.context, `${host.url}/races.html`);
    for (const id of ['race-activations', 'race-init', 'race-batchnorm', 'race-schedules']) {
      await at(racePage.page, id, 'race-play').and(racePage.page.locator(':not([disabled])')).waitFor({ timeout: 60000 });
    }
  }
  return racePage;
}

/** Plays race `id` until it has trained `epochs` epochs, then pauses; resolves what it shows. */
async function playTo(page, id, epochs) {
  await at(page, id, 'race-play').click();
  await page.waitForFunction(([sel, e]) => Number(/epoch (\d+)/.exec(document.querySelector(sel).shadowRoot
    .querySelector('[data-testid=race-epoch]').textContent)[1]) >= e, [inside(id), epochs], { timeout: 60000 });
  await at(page, id, 'race-play').click();
  await at(page, id, 'race-play').filter({ hasText: 'Go on' }).waitFor({ timeout: 20000 });
  return shown(page, id);
}

for (const id of ['race-activations', 'race-init', 'race-batchnorm', 'race-schedules']) {
  test(`${id}: starts as the engine's runs do, trains when played, its numbers the engine's`, async () => {
    const { page, problems } = await races();
    const start = await shown(page, id);
    assert.equal(start.epoch, 0);
    const ref0 = await replay(id, 0);
    assert.deepEqual(start.loss, ref0.loss.map((v) => Number(v)), 'epoch 0: the losses of the same runs built in Node');
    if (PRESETS[id].lesson.layers) {
      assert.deepEqual(start.act, ref0.act, 'epoch 0: the output spreads');
      assert.ok(start.grad.every((r) => r.every((v) => v === null)), 'no gradient bars before a step');
    }
    const later = await playTo(page, id, 3);
    assert.ok(later.epoch >= 3);
    later.loss.forEach((l, i) => assert.notEqual(l, start.loss[i], `run ${i} trained`));
    const ref = await replay(id, later.epoch);
    assert.deepEqual(later.loss, ref.loss, `epoch ${later.epoch}: the losses`);
    if (PRESETS[id].lesson.layers) {
      assert.deepEqual(later.act, ref.act, 'the output-spread bars are the engine\'s activationStd');
      assert.deepEqual(later.grad, ref.grad, 'the gradient bars are the engine\'s gradStds');
    }
    if (id === 'race-init') {
      assert.deepEqual(start.act[0], [0, 0, 0, 0, 0, 0], 'zeros: every output 0');
      assert.deepEqual(later.grad[0], [0, 0, 0, 0, 0, 0], 'zeros: hidden gradient std exactly 0');
      assert.ok(later.grad[2].every((v) => v > 0), 'He has gradients');
    }
    if (id === 'race-schedules') {
      const engine = await loadEngine();
      const L = PRESETS[id].lesson;
      L.runs.forEach((run, i) => {
        assert.equal(ref.steps[i], later.epoch * 25);
        assert.equal(later.lr[i], engine.learningRates(runSpec(L.spec, run), [later.epoch * 25])[0], `${run.label}'s rate`);
      });
      assert.ok(later.lr[3] < later.lr[0], `cosine still warming up: ${later.lr}`);
    }
    assert.deepEqual(problems, []);
  });
}

test('lesson 10: a broken layer fails the check, repairing it passes', async () => {
  const { page, problems } = await lessons();
  const verdict = () => at(page, 'gradcheck', 'gc-verdict');
  const waitPass = (pass) => page.waitForFunction(([sel, want]) => document.querySelector(sel).shadowRoot
    .querySelector('[data-testid=gc-verdict]')?.dataset.pass === want, [inside('gradcheck'), String(pass)], { timeout: 20000 });
  await waitPass(true);
  assert.ok(await value(page, 'gradcheck', 'gc-verdict') < 1e-2);
  await at(page, 'gradcheck', 'gc-break').selectOption('0');
  await waitPass(false);
  assert.match(await verdict().textContent(), /^Failed/);
  assert.equal(await page.locator(`${inside('gradcheck')} .nnp-gc-bad`).count() > 0, true);
  await at(page, 'gradcheck', 'gc-break').selectOption('-1');
  await waitPass(true);
  assert.match(await verdict().textContent(), /^Passed/);
  assert.deepEqual(problems, []);
});

test('screenshots: desktop and a 390 px phone', async () => {
  const { page } = await lessons();
  for (const [name, width] of [['desktop', 1200], ['phone', 390]]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    for (const p of ['backprop', 'race', 'surface', 'gradcheck']) {
      await page.locator(inside(p)).screenshot({ path: join(OUTPUT, `lesson-${p}-${name}.png`) });
    }
    await page.locator('[id="06-optimizers"]').screenshot({ path: join(OUTPUT, `lesson-06-${name}.png`) });
    // Nothing wider than the screen.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= width + 1, `${name}: the page is ${wide} px wide`);
  }
  const { page: rp } = await races();
  for (const [name, width] of [['desktop', 1200], ['phone', 390]]) {
    await rp.setViewportSize({ width, height: 900 });
    await rp.waitForTimeout(200);
    for (const id of ['race-activations', 'race-init', 'race-batchnorm', 'race-schedules']) {
      await rp.locator(inside(id)).screenshot({ path: join(OUTPUT, `lesson-${id}-${name}.png`) });
    }
    const wide = await rp.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= width + 1, `races, ${name}: the page is ${wide} px wide`);
  }
});
