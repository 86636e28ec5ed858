// Interaction in the browser: link hover shows a weight, clicking the plane adds a point and
// shift-click removes it, the keyboard drives training, a diverging run pauses with a reason.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, loadPlayground, canvasHash, waitForCanvas } from './harness.js';
import { nodeSize } from '../../web/plots/network.js';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const load = (path) => loadPlayground(browser.context, server.url, path);

test('hovering a link shows its weight', async () => {
  const { page, problems } = await load('/?hidden=4,2');
  const box = await page.locator('.nnp-network-canvas').boundingBox();
  // plots/network.js: 4 equal columns; input 0 and layer-1 unit 0 sit at the same height, so
  // the link between them is straight: hover its middle.
  const colW = box.width / 4, S = nodeSize(box.width, 4);
  await page.mouse.move(box.x + colW, box.y + 6 + S / 2);
  assert.match(await page.textContent('[data-testid=link-weight]'), /^weight -?\d+\.\d{3} \(layer 1: unit 1 → 1\); click to edit$/);
  await page.mouse.move(box.x + 2, box.y + box.height - 2);
  assert.match(await page.textContent('[data-testid=link-weight]'), /^Hover a link to read its weight/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('click adds a point, shift-click removes it', async () => {
  const { page, problems } = await load('/?dataset=gauss&points=50');
  const plane = page.locator('[data-testid=plane]');
  const before = await canvasHash(page, '.nnp-dots');
  await plane.click({ position: { x: 20, y: 20 } });
  await waitForCanvas(page, '.nnp-dots', before, { equal: false }); // the new point was drawn
  await plane.click({ position: { x: 20, y: 20 }, modifiers: ['Shift'] });
  await waitForCanvas(page, '.nnp-dots', before, { equal: true });  // and is gone again
  assert.deepEqual(problems, []);
  await page.close();
});

test('keyboard: tab to play, Enter starts and stops training', async () => {
  const { page, problems } = await load('/');
  await page.focus('[data-testid=play]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]').textContent) > 5);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=speed]').textContent === 'paused');
  assert.equal(await page.getAttribute('[data-testid=play]', 'aria-label'), 'Play');
  // every form control has an accessible name
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('.nnp input, .nnp select, .nnp button')]
    .filter((el) => !el.hidden && !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a diverging run pauses and says why; the page keeps working', async () => {
  const { page, problems } = await load('/?problem=regression&dataset=plane&hidden=8,8&acts=relu,relu&lr=10');
  await page.click('[data-testid=play]');
  await page.waitForSelector('.nnp-msg-error', { timeout: 20000 });
  assert.match(await page.textContent('[data-testid=messages]'), /Paused at epoch \d+: training diverged at step \d+.*lower learning rate/);
  assert.equal((await page.textContent('[data-testid=messages]')).match(/diverged/g).length, 1, 'said once, not nested');
  assert.equal(await page.getAttribute('[data-testid=play]', 'aria-label'), 'Play');
  // At a rate of 10 the weights are wrecked before the loss overflows, so it says to reset; doing
  // so with a lower rate trains, and the message goes with its cause.
  assert.match(await page.textContent('[data-testid=messages]'), /already give infinite outputs: reset, with a lower learning rate\./);
  await page.fill('[data-key=lr]', '0.01');
  await page.press('[data-key=lr]', 'Enter');
  await page.click('[data-testid=reset]');
  await page.click('[aria-label="Step one epoch"]');
  await page.waitForFunction(() => document.querySelector('[data-testid=epoch]').textContent === '000001');
  assert.ok(Number.isFinite(Number(await page.textContent('[data-testid=test-loss]'))));
  assert.equal(await page.$('.nnp-msg-error'), null, 'the message went with its cause');
  assert.deepEqual(problems, []);
  await page.close();
});
