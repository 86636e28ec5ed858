// URL state in the browser: a permalink restores every setting, and a garbled URL shows what
// was refused, falls back to defaults and leaves a working playground.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, loadPlayground } from './harness.js';
import { parse, serialize, defaults, ROW } from '../../web/lib/settings.js';
import { nonDefaultState } from './fixtures.js';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const load = (path) => loadPlayground(browser.context, server.url, path, { firstFrame: false });
const permalinkState = async (page) => {
  const link = await page.inputValue('[data-testid=permalink]');
  assert.equal(new URL(link).search, new URL(page.url()).search, 'the address bar is the permalink');
  return parse(new URL(link).search);
};

test('a permalink round-trips every setting, and the controls show them', async () => {
  const want = nonDefaultState();
  const { page, problems } = await load(`/?${serialize(want)}`);
  const got = await permalinkState(page);
  assert.deepEqual(got.errors, []);
  assert.deepEqual(got.state, want);
  assert.equal(await page.inputValue('[data-key=lr]'), String(want.lr));
  assert.equal(await page.inputValue('[data-key=optimizer]'), want.optimizer);
  assert.ok(await page.isChecked(`[data-key=dataset][value=${want.dataset}]`));
  // Change one control: the URL follows, and a fresh load of it restores the change.
  await page.fill('[data-key=lr]', '30'); // at least lr_min, which the engine requires
  await page.press('[data-key=lr]', 'Enter');
  await page.waitForFunction(() => /[?&]lr=30(&|$)/.test(location.search));
  const again = await load(`/${new URL(page.url()).search}`);
  assert.deepEqual((await permalinkState(again.page)).state, { ...want, lr: 30 });
  assert.deepEqual([...problems, ...again.problems], []);
  await page.close();
  await again.page.close();
});

test('a garbled URL: a message per refused value, defaults in their place, still trains', async () => {
  const { page, problems } = await load('/?lr=abc&hidden=4,9999&dataset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&noise=-1&evil=1');
  const messages = await page.textContent('[data-testid=messages]');
  for (const key of ['(lr)', '(hidden)', '(dataset)', '(noise)', '"evil"']) assert.ok(messages.includes(key), `no message for ${key}: ${messages}`);
  assert.equal(await page.locator('.nnp img').count(), 0, 'markup in the URL stayed text');
  const { state } = await permalinkState(page);
  for (const key of ['lr', 'hidden', 'dataset', 'noise']) assert.deepEqual(state[key], ROW[key].default, key);
  assert.deepEqual(state, defaults());
  await page.click('[aria-label="Step one epoch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000001');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a refused combination (perceptron on multiclass) is explained; fixing it recovers', async () => {
  const { page, problems } = await load('/?dataset=multiclass&perceptron=1');
  await page.waitForSelector('.nnp-msg-error');
  assert.match(await page.textContent('[data-testid=messages]'), /Perceptron mode needs a two-class data set/);
  await page.uncheck('[data-key=perceptron]');
  await page.click('[aria-label="Step one epoch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000001');
  assert.deepEqual(problems, []);
  await page.close();
});

test('values each valid but refused together by the engine go back, with a note; the page trains', async () => {
  const { page, problems } = await load('/?schedule=cosine&lr=0.1&lr_min=5');
  await page.waitForSelector('.nnp-msg-error');
  assert.match(await page.textContent('[data-testid=messages]'), /Cosine floor "5" refused \(lr_min: must not exceed lr/);
  const { state } = await permalinkState(page);
  assert.deepEqual([state.lr_min, state.lr, state.schedule], [0, 0.1, 'cosine']);
  await page.click('[aria-label="Step one epoch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000001');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an address of 5,000 unknown keys (40 KB) is served and makes a few messages, not thousands', async () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `j${i}=1`).join('&');
  const { page, problems } = await load(`/?${keys}&dataset=xor`);
  assert.ok(await page.locator('.nnp-msg').count() <= 3, 'the messages are summarised');
  assert.match(await page.textContent('[data-testid=messages]'), /and 4995 more ignored/);
  const { state } = await permalinkState(page);
  assert.equal(state.dataset, 'xor');
  assert.deepEqual(problems, []);
  await page.close();
});
