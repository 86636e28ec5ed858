// Leaving the playground: the model file downloads, imports again into a reset page with the
// same settings and weights (same test loss), and the PyTorch script downloads.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startBrowser, openPage, outputDir, WATCH_MAIN_THREAD, mainThread } from './harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('export the model, reset to defaults, import it: settings and weights come back', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/?dataset=moons&hidden=6,3&acts=relu,tanh&optimizer=adam&lr=0.01`);
  await page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 20000 });
  for (let i = 0; i < 5; i++) await page.click('[aria-label="Step one epoch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000005');
  const loss = await page.textContent('[data-testid=test-loss]');
  const url = page.url();

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export model (JSON)')]);
  const file = join(outputDir(), 'nnplay-model.json');
  await download.saveAs(file);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(doc.format, 'nnplay-model');
  assert.equal(doc.params.length, 2 * 6 + 6 + 6 * 3 + 3 + 3 + 1);

  const [py] = await Promise.all([page.waitForEvent('download'), page.click('text=Export PyTorch code')]);
  const script = join(outputDir(), 'nnplay_model.py');
  await py.saveAs(script);
  assert.match(readFileSync(script, 'utf8'), /^# Exported from nnplay after 5 epochs\.[\s\S]*nn\.Linear\(2, 6\),\n {4}nn\.ReLU\(\),/);

  await page.click('text=Reset to defaults');
  await page.waitForFunction(() => !location.search.includes('moons'));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Import model…')]);
  await chooser.setFiles(file);
  await page.waitForSelector('text=Imported nnplay-model.json.');
  assert.ok(await page.$('text=with a fresh optimizer'), 'the import says training restarts its optimizer');
  assert.equal(page.url(), url, 'the settings came back');
  await page.waitForFunction((want) => document.querySelector('[data-testid=test-loss]').textContent === want, loss);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a refused import leaves the trained network and the controls as they were', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/?dataset=xor&hidden=5&acts=tanh`, { init: WATCH_MAIN_THREAD });
  await page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 20000 });
  for (let i = 0; i < 4; i++) await page.click('[aria-label="Step one epoch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000004');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export model (JSON)')]);
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  // Other settings (another hidden layer, other points) with this network's weights: too few.
  const bad = join(outputDir(), 'nnplay-model-wrong.json');
  writeFileSync(bad, JSON.stringify({ ...doc, settings: doc.settings.replace('hidden=5', 'hidden=5%2C3').replace('acts=tanh', 'acts=tanh%2Ctanh').replace(/points=\d+/, 'points=100') }));
  const url = page.url(), loss = await page.textContent('[data-testid=test-loss]');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Import model…')]);
  await chooser.setFiles(bad);
  await page.waitForSelector('text=/Import: the file has 21 parameters, this network needs \\d+/');
  assert.equal(await page.textContent('[data-testid=epoch]'), '000004', 'the trained network is still there');
  assert.equal(await page.textContent('[data-testid=test-loss]'), loss);
  assert.equal(page.url(), url, 'the controls did not take the refused file\'s settings');
  assert.equal((await mainThread(page)).blobReads, 0, 'the worker read the file, not the page');
  assert.deepEqual(problems, []);
  await page.close();
});
