// The playground as a learner uses it, in Chromium: the first thing every toy set does is
// learn; settings apply to the training model; the watchable pace; honest early stopping;
// the schedule counted in epochs and drawn; the figures for every loss; what TensorFlow
// Playground users look for (the colour legend and the plane's ticks, a neuron's map large,
// editing a weight, feature nodes, sliders, the charts' legends, a sharp boundary, the test
// set's figures); and messages that go with their causes.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, startBrowser, loadPlayground, canvasHash, waitForCanvas, canvasPixels, outputDir } from './harness.js';
import { PACES, DATASETS_CLASSIFY, DATASETS_REGRESS } from '../../web/lib/settings.js';
import { MAX_PX } from '../../web/plots/plane.js';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const load = (path, opts) => loadPlayground(browser.context, server.url, path, opts);
const text = (page, id) => page.textContent(`[data-testid=${id}]`);
const epochOf = async (page) => Number(await text(page, 'epoch'));
const untilEpoch = (page, n, timeout = 60000) =>
  page.waitForFunction((e) => Number(document.querySelector('[data-testid=epoch]').textContent) >= e, n, { timeout });
const paused = (page) => page.waitForFunction(() => document.querySelector('[data-testid=speed]').textContent === 'paused');
const stepOnce = async (page) => {
  const e = await epochOf(page);
  await page.click('[aria-label="Step one epoch"]');
  await untilEpoch(page, e + 1);
};
/** "Accuracy 0.996 train · 0.988 test" (or R²) → the test figure. */
const testFigure = async (page) => Number((await text(page, 'accuracy')).match(/· (\S+) test/)[1]);
const setNumber = async (page, key, value) => {
  await page.fill(`input[type=number][data-key=${key}]`, String(value));
  await page.press(`input[type=number][data-key=${key}]`, 'Enter');
};
const query = (page) => new URL(page.url()).searchParams;
/** A screenshot of the whole page in build/test-output/playground-<name>.png, to look at. */
const shot = (page, name) => page.screenshot({ path: join(outputDir(), `playground-${name}.png`), fullPage: true });

test('every toy set learns from the defaults, seed 1 included: 300 epochs reach 90 % (R² 0.9)', async () => {
  const scores = [];
  for (const [problem, sets] of [['classification', DATASETS_CLASSIFY], ['regression', DATASETS_REGRESS]])
    for (const dataset of sets) {
      const { page, problems } = await load(`/?problem=${problem}&dataset=${dataset}&max_epochs=300&pace=fast`);
      await page.click('[data-testid=play]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]').textContent) === 300 &&
        document.querySelector('[data-testid=speed]').textContent === 'paused', null, { timeout: 60000 });
      const score = await testFigure(page);
      scores.push(`${dataset} ${score}`);
      if (['spiral', 'multiclass', 'multigauss'].includes(dataset)) await shot(page, `learnt-${dataset}`);
      assert.ok(score >= 0.9, `${dataset}: test ${problem === 'regression' ? 'R²' : 'accuracy'} ${score} after 300 epochs`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  console.log(`after 300 epochs from the defaults: ${scores.join(', ')}`);
});

test('a new learning rate applies to the training model: the epoch and the loss go on; a new optimizer says it starts fresh', async () => {
  const { page, problems } = await load('/?dataset=xor&pace=fast&max_epochs=40');
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000040' &&
    document.querySelector('[data-testid=speed]').textContent === 'paused');
  const loss = Number(await text(page, 'train-loss'));
  await setNumber(page, 'lr', 0.1);
  await page.waitForFunction(() => document.querySelector('[data-testid=lr]').textContent === '0.100');
  assert.equal(await epochOf(page), 40, 'the epoch counter stays');
  assert.equal(Number(await text(page, 'train-loss')), loss, 'and so does the loss: the same weights');
  await setNumber(page, 'max_epochs', 50);
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000050');
  assert.ok(Number(await text(page, 'train-loss')) < loss, 'training went on from there');
  await page.selectOption('select[data-key=optimizer]', 'adam');
  await page.waitForSelector('text=/Optimizer Adam: its state starts afresh .* from the weights of epoch 50\\./');
  assert.equal(await epochOf(page), 50);
  // The network's shape is another model: it starts again.
  await page.click('[aria-label="Add a neuron to layer 1"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000000');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the pace: one epoch per frame by default, a slider down to one step and up to as fast as possible, the fastest one click away', async () => {
  const { page, problems } = await load('/?dataset=circle');
  assert.equal(await page.inputValue('input[data-key=pace]'), String(PACES.indexOf('frame')));
  assert.equal(await text(page, 'pace-name'), 'One epoch per frame');
  // One step a frame: a frame is one mini-batch of 25 an epoch, so epochs come 25 times slower
  // than frames. Counted against frames drawn, not time.
  await page.fill('input[data-key=pace]', String(PACES.indexOf('one_step')));
  assert.equal(await text(page, 'pace-name'), 'One step per frame');
  const frames = () => page.evaluate(() => Number(document.querySelector('.nnp').dataset.frames));
  const f0 = await frames();
  await page.click('[data-testid=play]');
  await page.waitForFunction((f) => Number(document.querySelector('.nnp').dataset.frames) > f + 60, f0, { timeout: 60000 });
  await page.click('[data-testid=play]');
  await paused(page);
  const slow = await epochOf(page), drawn = (await frames()) - f0;
  assert.ok(slow <= Math.ceil(drawn / 25) + 1, `${slow} epochs in ${drawn} frames at one step a frame`);
  // One click to the fastest: thousands of epochs where one per frame would be dozens.
  await page.click('[data-testid=fastest]');
  assert.equal(await text(page, 'pace-name'), 'As fast as possible');
  const f1 = await frames();
  await page.click('[data-testid=play]');
  await page.waitForFunction((f) => Number(document.querySelector('.nnp').dataset.frames) > f + 30, f1);
  await page.click('[data-testid=play]');
  await paused(page);
  const fast = (await epochOf(page)) - slow, drawn2 = (await frames()) - f1;
  assert.ok(fast > 3 * drawn2, `${fast} epochs in ${drawn2} frames as fast as possible`);
  assert.equal(query(page).get('pace'), 'fast');
  await page.click('[data-testid=fastest]');
  assert.equal(await text(page, 'pace-name'), 'One epoch per frame', 'and back');
  assert.deepEqual(problems, []);
  await page.close();
});

test('early stopping watches a validation split of the training points, and the chart says so', async () => {
  const { page, problems } = await load('/?dataset=spiral&noise=0.5&points=200&optimizer=adam&lr=0.05&hidden=12,12&pace=fast');
  assert.equal(await page.$('[data-testid=legend-loss] li:has-text("validation")'), null, 'no validation split without early stopping');
  assert.ok(await page.isDisabled('input[type=number][data-key=valid_pct]'));
  await page.check('[data-key=early_stop]');
  assert.equal(await page.inputValue('input[type=number][data-key=valid_pct]'), '20', 'the default 20 %');
  await setNumber(page, 'patience', 20);
  await page.waitForSelector('[data-testid=legend-loss] li:has-text("validation")');
  await page.click('[data-testid=play]');
  await page.waitForSelector('text=/Early stopping: the validation loss has not improved for 20 epochs; restored the best weights, from epoch \\d+\\./', { timeout: 60000 });
  await shot(page, 'early-stopping');
  assert.ok(!/test loss/.test(await text(page, 'messages')), 'the test set decides nothing');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the schedule counts epochs and is drawn before training from the engine\'s schedule', async () => {
  const { page, problems } = await load('/?dataset=circle&lr=0.04');
  const before = await canvasHash(page, '[data-testid=lr-curve]');
  await page.selectOption('select[data-key=schedule]', 'step');
  await setNumber(page, 'decay_epochs', 2);
  await setNumber(page, 'gamma', 0.5);
  await waitForCanvas(page, '[data-testid=lr-curve]', before, { equal: false });
  assert.equal(await epochOf(page), 0, 'drawn before any training');
  // Two epochs of 25 steps each, then half the rate: as the curve shows.
  await stepOnce(page);
  await stepOnce(page);
  assert.equal(await text(page, 'lr'), '0.020');
  // a period of one epoch, on the training model: two periods have passed, a quarter of the rate
  await setNumber(page, 'decay_epochs', 1);
  await page.waitForFunction(() => document.querySelector('[data-testid=lr]').textContent === '0.010');
  assert.equal(await epochOf(page), 2);
  assert.deepEqual(problems, []);
  await page.close();
});

test('squared error on two classes shows the accuracy; the fixed loss box names the loss in use', async () => {
  const { page, problems } = await load('/?dataset=circle&loss=mse');
  await stepOnce(page);
  assert.match(await text(page, 'accuracy'), /^Accuracy \d\.\d{3} train · \d\.\d{3} test$/);
  await page.selectOption('select[data-key=loss]', 'bce');
  await page.check('[data-key=dataset][value=multiclass]', { force: true }); // under its tile
  await page.waitForFunction(() => document.querySelector('select[data-key=loss]').disabled);
  assert.equal(await page.$eval('select[data-key=loss]', (s) => s.selectedOptions[0].textContent), 'Softmax cross-entropy');
  await page.selectOption('select[data-key=problem]', 'regression');
  await page.waitForFunction(() => document.querySelector('select[data-key=loss]').selectedOptions[0].textContent === 'Mean squared error');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the output plane: a colour legend and axis ticks; hovering a neuron shows its map there', async () => {
  const { page, problems } = await load('/?dataset=xor');
  assert.match(await text(page, 'output-legend'), /class 0.*p = ½.*class 1.*the deeper the colour, the surer/);
  assert.deepEqual(await page.$$eval('.nnp-ticks-x span', (s) => s.map((e) => e.textContent)), ['-6', '-3', '0', '3', '6']);
  assert.equal(await page.$$eval('.nnp-ticks-y span', (s) => s.length), 5);
  const plain = await canvasHash(page, '[data-testid=boundary]');
  // layer 1, neuron 1: the second column's first node
  const box = await page.locator('[data-testid=diagram]').boundingBox();
  const { cols, size } = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=diagram]');
    return { cols: 4, size: Math.max(18, Math.min(40, (c.clientWidth / 4) * 0.42)) };
  });
  await page.mouse.move(box.x + 1.5 * (box.width / cols), box.y + 6 + size / 2);
  await page.waitForFunction(() => /^Showing layer 1, neuron 1/.test(document.querySelector('[data-testid=focus]').textContent));
  await waitForCanvas(page, '[data-testid=boundary]', plain, { equal: false });
  await shot(page, 'neuron-focus');
  await page.mouse.move(box.x + 2, box.y + box.height - 2);
  await waitForCanvas(page, '[data-testid=boundary]', plain, { equal: true });
  assert.ok(await page.isHidden('[data-testid=focus]'));
  await page.selectOption('select[data-key=problem]', 'regression');
  await page.waitForFunction(() => /−1.*0.*\+1.*the output/.test(document.querySelector('[data-testid=output-legend]').textContent));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the diagram: clicking a link sets its weight; clicking a feature node feeds it in or out', async () => {
  const { page, problems } = await load('/?dataset=xor&hidden=4,2&features=x1,x2');
  const box = await page.locator('[data-testid=diagram]').boundingBox();
  const colW = box.width / 4;
  // x₁ → layer 1's first unit is a straight link at the first row's height
  const size = Math.max(18, Math.min(40, colW * 0.42)), y = box.y + 6 + size / 2;
  await page.mouse.click(box.x + colW, y);
  await shot(page, 'weight-box');
  await page.fill('[data-testid=weight-input]', '2.5');
  await page.press('[data-testid=weight-input]', 'Enter');
  await page.waitForSelector('[data-testid=weight-input]', { state: 'detached' });
  // Off the canvas and back: the full-page screenshot resized the page, which took the pointer
  // off the plot, and a move to where Chromium already has the mouse need not fire pointermove.
  await page.mouse.move(0, 0);
  await page.mouse.move(box.x + colW, y);
  await page.waitForFunction(() => /^weight 2\.500 \(layer 1: unit 1 → 1\)/.test(document.querySelector('[data-testid=link-weight]').textContent));
  // the fifth input row is x₁x₂, not fed in: a click feeds it in, another takes it out
  await page.mouse.click(box.x + colW / 2, box.y + 6 + 4 * (size + 8) + size / 2);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('features') === 'x1,x2,x1x2');
  assert.ok(await page.isChecked('[data-feature=x1x2]'), 'the checkbox follows');
  await page.waitForTimeout(200);
  await page.mouse.click(box.x + colW / 2, box.y + 6 + 4 * (size + 8) + size / 2);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('features') === 'x1,x2');
  assert.deepEqual(problems, []);
  await page.close();
});

test('sliders with their value for the rates, the noise and the shares of the data', async () => {
  const { page, problems } = await load('/');
  for (const key of ['lr', 'l1', 'l2', 'dropout', 'noise', 'train_pct', 'valid_pct'])
    assert.ok(await page.$(`input[type=range][data-slider=${key}]`), `a slider for ${key}`);
  // the learning rate's stops are the 1-3 rates: three stops up from 0.03 is 1
  const at = Number(await page.inputValue('[data-slider=lr]'));
  await page.fill('[data-slider=lr]', String(at + 3));
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lr') === '1');
  assert.equal(await page.inputValue('input[type=number][data-key=lr]'), '1', 'the box shows the value');
  await page.fill('[data-slider=noise]', '10');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('noise') === '0.5');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the charts have legends; the gradient norms\' hover brings one layer forward', async () => {
  const { page, problems } = await load('/?dataset=circle&hidden=6,6,6,6,6,6&acts=tanh,tanh,tanh,tanh,tanh,tanh&pace=fast&max_epochs=30');
  assert.deepEqual(await page.$$eval('[data-testid=legend-loss] li', (l) => l.map((e) => e.textContent)), ['train', 'test']);
  assert.deepEqual(await page.$$eval('[data-testid=legend-grad] li', (l) => l.map((e) => e.textContent)),
    ['layer 1', 'layer 2', 'layer 3', 'layer 4', 'layer 5', 'layer 6', 'output']);
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000030');
  await paused(page);
  const all = await canvasHash(page, '[data-testid=chart-grad]');
  await page.hover('[data-testid=legend-grad] li:has-text("layer 3")');
  await waitForCanvas(page, '[data-testid=chart-grad]', all, { equal: false });
  await page.mouse.move(0, 0);
  await waitForCanvas(page, '[data-testid=chart-grad]', all, { equal: true });
  // pointing into the chart picks the nearest line; its legend entry lights up with it
  const box = await page.locator('[data-testid=chart-grad]').boundingBox();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.5);
  await page.waitForSelector('[data-testid=legend-grad] li.nnp-lit');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the boundary is drawn at the canvas\'s device resolution, smooth between the grid\'s cells', async () => {
  const { page, problems } = await load('/?problem=regression&dataset=plane');
  for (let i = 0; i < 3; i++) await stepOnce(page);
  const { width, css } = await page.$eval('[data-testid=boundary]', (c) => ({ width: c.width, css: c.clientWidth }));
  assert.equal(width, Math.min(MAX_PX, Math.round(css)), `${width} pixels for ${css} CSS pixels, not the 60×60 grid`);
  // the plane's output rises across it: a row takes more shades than the grid has cells
  // (blocks would give at most 60)
  const px = await canvasPixels(page, '[data-testid=boundary]');
  const row = Math.floor(width / 2), shades = new Set();
  for (let x = 0; x < width; x++) shades.add(px.slice(4 * (row * width + x), 4 * (row * width + x) + 3).join());
  assert.ok(shades.size > 60, `${shades.size} shades along a row`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the test points judged: a confusion matrix for the classes, predicted against actual for regression', async () => {
  const { page, problems } = await load('/?dataset=moons');
  await stepOnce(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=confusion] caption')?.textContent === 'after epoch 1');
  const cells = await page.$$eval('[data-testid=confusion] tbody td', (t) => t.map((e) => e.textContent));
  assert.equal(cells.length, 2 * 3, 'two rows of two counts and a recall');
  assert.equal(Number(cells[0]) + Number(cells[1]) + Number(cells[3]) + Number(cells[4]), 250, 'every test point counted');
  await page.selectOption('select[data-key=problem]', 'regression');
  await page.waitForSelector('[data-testid=scatter]');
  assert.equal(await page.$('[data-testid=confusion]'), null);
  const blank = await canvasHash(page, '[data-testid=scatter]');
  await stepOnce(page);
  await waitForCanvas(page, '[data-testid=scatter]', blank, { equal: false });
  await shot(page, 'regression');
  assert.deepEqual(problems, []);
  await page.close();
});

test('messages go with their causes; another problem type picks its first set quietly; a saturation hint', async () => {
  const { page, problems } = await load('/?dataset=spiral&perceptron=1&pace=fast');
  await page.click('[data-testid=play]');
  await page.waitForSelector('text=/did not converge in 500 epochs/', { timeout: 60000 });
  await page.check('[data-key=dataset][value=circle]', { force: true });
  await page.waitForFunction(() => !/did not converge/.test(document.querySelector('.nnp').textContent));
  // switching to regression: its first set, and nothing to warn about
  await page.uncheck('[data-key=perceptron]');
  await page.selectOption('select[data-key=problem]', 'regression');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('dataset') === 'plane');
  await page.waitForTimeout(300);
  assert.equal(await page.$('[data-testid=messages]'), null, `no message: ${await page.$eval('.nnp', (e) => e.textContent).catch(() => '')}`);
  await page.selectOption('select[data-key=problem]', 'classification');
  // a rate of 10 on two classes: the outputs saturate, and the page says so until they do not
  await setNumber(page, 'lr', 10);
  await page.click('[data-testid=play]');
  await page.waitForSelector('text=/The outputs are saturated: the training loss .* is far above guessing\'s 0\\.693/', { timeout: 60000 });
  await shot(page, 'saturated');
  await page.click('[data-testid=play]');
  await paused(page);
  await setNumber(page, 'lr', 0.03);
  await page.click('[data-testid=reset]');
  await page.waitForFunction(() => !/saturated/.test(document.querySelector('.nnp').textContent));
  assert.deepEqual(problems, []);
  await page.close();
});

test('feature names fit beside the inputs of a six-layer network', async () => {
  const { page, problems } = await load('/?hidden=8,8,8,8,8,8&acts=tanh,tanh,tanh,tanh,tanh,tanh&features=x1,x2,sinx1,sinx2');
  // A name cut at the canvas's left edge leaves ink in its first columns; a whole one does not.
  const { width, height } = await page.$eval('[data-testid=diagram]', (c) => ({ width: c.width, height: c.height }));
  const px = await canvasPixels(page, '[data-testid=diagram]');
  let edge = 0, ink = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width / 8; x++) {
      const a = px[4 * (y * width + x) + 3];
      if (a > 128) { ink++; if (x < 2) edge++; }
    }
  assert.ok(ink > 100, 'the names are drawn');
  await shot(page, 'six-layers');
  assert.equal(edge, 0, 'none is cut at the edge');
  assert.deepEqual(problems, []);
  await page.close();
});
