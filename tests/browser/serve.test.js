// What scripts/serve.js does for the pages in the browser. An address with a 64 KiB query
// string loads the playground, and a longer one shows the server's reason instead of a blank
// page. The Content-Security-Policy it sends with every page: each HTML page in
// build/web/ comes up under it (its play button rendered, and enabled where the page loads its
// engine and data at once) with no console error and no violation reported, and the policy
// does bite: an inline script and an inline event handler are refused, reported on the page
// and in the console, and do not run. (That it allows no eval is checked on the header, in
// tests/node/serve.test.js: code the harness evaluates in the page is exempt from the policy.)
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { startServer, startBrowser, openPage, WEB } from './harness.js';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Records the policy's violation reports from before the page's first script.
const WATCH_VIOLATIONS = `window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));`;

const PAGES = readdirSync(WEB).filter((f) => f.endsWith('.html')).sort();

test('the built pages are the ones the policy is checked on', () => {
  for (const page of ['index.html', 'demo.html', 'mnist.html', 'houses.html', 'churn.html', 'csv.html'])
    assert.ok(PAGES.includes(page), `${page} is in build/web/`);
});

for (const name of PAGES) {
  test(`${name} works under the policy, which refuses inline script`, async () => {
    const response = await fetch(`${server.url}/${name}`);
    const csp = response.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const { page, problems } = await openPage(browser.context, `${server.url}/${name}`, { init: WATCH_VIOLATIONS });
    // Rendered: the playground's controls, or the real-data pages' navigation; all but the CSV
    // page (which waits for a file) then enable play once the engine and data are loaded.
    await page.waitForSelector('[data-testid=play], .nna-nav', { timeout: 30000 });
    if (name !== 'csv.html') await page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 60000 });
    assert.deepEqual(await page.evaluate(() => window.__violations), [], `${name}: violations`);
    assert.deepEqual(problems, [], name);

    // An inline script and an inline event handler, as an injection would add them.
    const result = await page.evaluate(() => new Promise((resolve) => {
      const seen = [];
      const done = () => resolve({ seen: seen.sort(), ran: window.__inlineRan ?? [] });
      document.addEventListener('securitypolicyviolation', (e) => {
        seen.push(e.violatedDirective);
        if (seen.length === 2) setTimeout(done, 100);
      });
      setTimeout(done, 5000);
      const s = document.createElement('script');
      s.textContent = '(window.__inlineRan ??= []).push("script");';
      document.body.append(s);
      const img = document.createElement('img');
      img.setAttribute('onerror', '(window.__inlineRan ??= []).push("handler");');
      img.src = 'data:,';
      document.body.append(img);
    }));
    assert.deepEqual(result.ran, [], 'neither ran');
    assert.deepEqual(result.seen, ['script-src-attr', 'script-src-elem'], 'both reported');
    assert.equal(problems.filter((p) => /violates the following Content Security Policy directive/.test(p)).length, 2,
      `the console shows both: ${problems}`);
    await page.close();
  });
}

test('a 64 KiB query string loads the playground; a longer address shows why it is refused', async () => {
  const pad = 'x'.repeat(64 * 1024);
  const { page, problems } = await openPage(browser.context, `${server.url}/index.html?dataset=spiral&pad=${pad}`);
  await page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 30000 });
  await page.waitForSelector('text=Unknown setting "pad" ignored.');
  assert.deepEqual(problems, []);
  const response = await page.goto(`${server.url}/index.html?pad=${pad.repeat(3)}`);
  assert.equal(response.status(), 431);
  assert.match(await page.textContent('body'), /The address and headers of this request are over 160 KiB/);
  await page.close();
});
