// Embedding: the demo page's two widgets each get their own worker and state; training one
// leaves the other alone.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, openPage } from './harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('two embedded playgrounds run independently', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/demo.html`);
  const widgets = page.locator('[data-nnplay] .nnp');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-nnplay] .nnp')].filter((w) => Number(w.dataset.frames) > 0).length === 2, null, { timeout: 20000 });
  assert.equal(await widgets.count(), 2);
  assert.equal(page.workers().length, 2, 'one worker per widget');
  const epoch = (i) => widgets.nth(i).locator('[data-testid=epoch]').textContent();
  await widgets.nth(1).locator('[data-testid=play]').click();
  // Until the second widget has trained (however slow the machine), then pause it.
  await page.waitForFunction(() => Number(document.querySelectorAll('[data-nnplay] [data-testid=epoch]')[1]?.textContent) > 0,
    null, { timeout: 20000 });
  await widgets.nth(1).locator('[data-testid=play]').click();
  assert.ok(Number(await epoch(1)) > 0);
  assert.equal(await epoch(0), '000000', 'the other widget did not train');
  assert.match(await widgets.nth(0).locator('[data-testid=permalink]').inputValue(), /index\.html\?.*hidden=&/);
  assert.deepEqual(problems, []);
  await page.close();
});
