// The MNIST page's CNN in Chromium: the model picker builds it (its layers named, the MLP's
// weight tiles gone, its filters shown), the pad's digit shows every image layer's feature
// maps and a clicked one enlarged, and one epoch of training in the worker from seed 1, with
// the progress bar moving batch by batch, passes 98.5 % test accuracy; then a drawn 1 is read
// as a 1, the filters and maps have changed, and it exports as a model file and PyTorch code.
// The epoch's time is printed. Screenshots of the
// page at desktop width and at a 390 px phone's go to build/test-output/.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startServer, startBrowser, openPage, outputDir, canvasHash } from './harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const percent = (text) => Number(/([\d.]+) %/.exec(text)?.[1]);
const shot = (page, name) => page.screenshot({ path: join(outputDir(), `cnn-${name}.png`), fullPage: true });

/** A vertical stroke down the middle of the pad: a 1. */
async function drawOne(page) {
  await page.click('[data-testid=pad-clear]');
  const pad = page.locator('[data-testid=pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox(), x = box.x + box.width / 2;
  await page.mouse.move(x + 4, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) await page.mouse.move(x + 4 - k * 0.4, box.y + box.height * (0.15 + 0.7 * (k / 20)));
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('[data-testid=pad-probs]').dataset.argmax !== '-1', null, { timeout: 10000 });
}

/** Clicks the map of `layer` at column col, row row of its grid; resolves with the enlarged one's caption. */
async function enlarge(page, layer, col, row, cols, tile) {
  const maps = page.locator(`[data-testid=maps-${layer}]`);
  await maps.scrollIntoViewIfNeeded();
  const box = await maps.boundingBox();
  const w = await maps.evaluate((c) => c.width);
  const scale = box.width / w;
  await page.mouse.click(box.x + (col * (tile + 1) + tile / 2) * scale, box.y + (row * (tile + 1) + tile / 2) * scale);
  return page.textContent('[data-testid=maps-big-caption]');
}

test('MNIST with the CNN: filters, feature maps, an enlarged map; 98.5 % after one epoch in the page', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/mnist.html`);
  await page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 60000 });
  assert.ok(await page.$('[data-testid=weights]'), 'the MLP shows its first-layer weights');
  assert.equal(await page.$('[data-testid=filters-panel]'), null, 'an MLP has no filters');
  await page.click('[data-key=model][value=cnn]');
  await page.waitForSelector('[data-testid=filters-2]', { timeout: 30000 });
  assert.match(await page.textContent('[data-testid=net]'), /1×28×28 → conv16k5 → pool2 → conv32k5 → pool2 → 128 → 10/);
  assert.equal(await page.$('[data-testid=weights]'), null, 'a CNN has no 28×28 weight tiles');
  // every filter of both conv layers: 16 of 1×5×5, 32 of 16×5×5, one 5×5 tile each, 1-pixel gaps
  assert.equal(await page.getAttribute('[data-testid=filters-0]', 'data-filters'), '16');
  assert.equal(await page.getAttribute('[data-testid=filters-2]', 'data-filters'), String(32 * 16));
  const filterSize = await page.$eval('[data-testid=filters-2]', (c) => [c.width, c.height]);
  assert.deepEqual(filterSize, [32 * 6 - 1, 16 * 6 - 1]);
  const filters0 = await canvasHash(page, '[data-testid=filters-0]');

  await drawOne(page);
  // the maps of the four image layers, sized as the layers' outputs (8 a row)
  await page.waitForSelector('[data-testid=maps-3]');
  const sizes = await page.$$eval('canvas[data-testid^=maps-]', (cs) => cs.map((c) => [c.dataset.testid, c.dataset.maps, c.width, c.height]));
  assert.deepEqual(sizes, [['maps-0', '16', 8 * 25 - 1, 2 * 25 - 1], ['maps-1', '16', 8 * 13 - 1, 2 * 13 - 1],
    ['maps-2', '32', 8 * 9 - 1, 4 * 9 - 1], ['maps-3', '32', 8 * 5 - 1, 4 * 5 - 1]]);
  assert.match(await enlarge(page, 0, 2, 1, 8, 24), /^Layer 1 \(convolution\), map 11 of 16: 24×24/);
  const big = await page.$eval('[data-testid=maps-big] canvas', (c) => [c.width, c.height]);
  assert.deepEqual(big, [24, 24]);
  assert.match(await enlarge(page, 3, 7, 3, 8, 4), /^Layer 4 \(max pooling\), map 32 of 32: 4×4/);
  const maps0 = await canvasHash(page, '[data-testid=maps-0]');

  // one epoch (the preset's cap): progress batch by batch, then the test accuracy
  // Every progress text the page shows is kept as it appears. The epoch may take as long as a
  // busy machine needs: no time is asserted, only that the progress moved.
  await page.evaluate(() => {
    const bar = document.querySelector('[data-testid=progress]');
    const seen = window.__progressSeen = new Set([bar.textContent]);
    new MutationObserver(() => seen.add(bar.textContent)).observe(bar, { subtree: true, childList: true, characterData: true });
  });
  const t0 = Date.now();
  await page.click('[data-testid=play]');
  await page.waitForFunction(() => /after epoch 1:/.test(document.querySelector('[data-testid=test-acc]').textContent), null, { timeout: 0, polling: 500 });
  const seen = new Set(await page.evaluate(() => [...window.__progressSeen]));
  const seconds = (Date.now() - t0) / 1000;
  const acc = percent(await page.textContent('[data-testid=test-acc]'));
  const epochTime = await page.textContent('[data-testid=epoch-time]');
  console.log(`MNIST CNN in Chromium: test accuracy ${acc} % after one epoch; ${epochTime}; ${seconds.toFixed(1)} s after play, ` +
    `evaluation included; ${seen.size} progress texts seen`);
  assert.ok(seen.size >= 5, `the progress moved during the epoch: ${[...seen].join(' | ')}`);
  assert.ok(acc >= 98.5, `test accuracy after one epoch ${acc} %`);

  await page.waitForFunction((h) => window.__canvasHash('[data-testid=filters-0]') !== h, filters0);
  await drawOne(page);
  assert.equal(await page.getAttribute('[data-testid=pad-probs]', 'data-argmax'), '1', 'the trained CNN reads the stroke as a 1');
  await page.waitForFunction((h) => window.__canvasHash('[data-testid=maps-0]') !== h, maps0);
  await enlarge(page, 0, 2, 1, 8, 24);
  // the trained CNN leaves as a model file and as PyTorch code that reads MNIST's IDX files
  const saved = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`text=${button}`)]);
    return readFileSync(await download.path(), 'utf8');
  };
  const file = JSON.parse(await saved('Export model (JSON)'));
  assert.match(file.settings, /(^|&)model=cnn(&|$)/);
  assert.deepEqual(file.layers.map((l) => l.kind), ['conv', 'maxpool', 'conv', 'maxpool', 'dense', 'dense']);
  const py = await saved('Export PyTorch code');
  assert.match(py, /nn\.Unflatten\(1, \(1, 28, 28\)\),\n {4}nn\.Conv2d\(1, 16, 5, stride=1, padding=0\),\n {4}nn\.ReLU\(\),\n {4}nn\.MaxPool2d\(2, stride=2\),/);
  assert.match(py, /nn\.Flatten\(\),\n {4}nn\.Linear\(512, 128\),/);
  assert.match(py, /def load_idx\(images, labels, n=None\):/);
  await shot(page, 'desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the page fits a 390 px phone (${wide} px wide)`);
  await shot(page, 'phone');
  await page.locator('[data-testid=maps-panel]').screenshot({ path: join(outputDir(), 'cnn-phone-maps.png') });
  await page.locator('[data-testid=filters-panel]').screenshot({ path: join(outputDir(), 'cnn-phone-filters.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
