// Accessibility, by machine and by keyboard. axe-core (npm) finds no serious or critical
// violation on the playground, on a course page with embedded widgets (inside their shadow
// roots), on the embedding docs page, which lists every option, setting, event and method,
// and on the lessons' index and pages; a widget is driven from the keyboard alone (play,
// pause, its one setting), its focus visible. Screenshots of the docs page and the course
// page go to build/test-output/.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, startBrowser, openPage, loadPlayground, outputDir, WEB } from './harness.js';
import { OPTIONS, EVENTS, METHODS } from '../../web/element/options.js';
import { SETTINGS } from '../../web/lib/settings.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** axe's serious and critical violations on the page, one line each. */
async function violations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`));
  return found;
}

/** Waits until every widget of the page has drawn a frame. */
const widgetsDrawn = (page, n) => page.waitForFunction((count) => {
  const all = [...document.querySelectorAll('nn-playground')];
  return all.length === count && all.every((w) => Number(w.shadowRoot?.querySelector('.nnp')?.dataset.frames) > 0);
}, n, { timeout: 30000 });

test('axe: the playground has no serious or critical violation', async () => {
  const { page, problems } = await loadPlayground(browser.context, server.url, '/');
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('axe: a course page with embedded widgets, inside their shadow roots', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/demo.html`);
  await widgetsDrawn(page, 2);
  assert.deepEqual(await violations(page), []);
  await page.screenshot({ path: join(outputDir(), 'course-page.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

// The lessons index, and the lessons of the own panels (the step-by-step backpropagation, the
// races with their bar charts): the site's navigation, the typeset math and the panels.
for (const path of ['lessons/index.html', 'lessons/03-backprop.html', 'lessons/08-initialization.html']) {
  test(`axe: ${path} has no serious or critical violation`, async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/${path}`);
    await page.waitForFunction(() => [...document.querySelectorAll('nn-playground')]
      .every((w) => w.shadowRoot?.querySelector('.nnp-panel')), null, { timeout: 30000 });
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('the docs page lists every option, setting, event and method, and shows the host script', () => {
  const html = readFileSync(join(WEB, 'embedding.html'), 'utf8');
  for (const name of [...OPTIONS.map((o) => o.name), ...SETTINGS.map((r) => r.key), ...EVENTS.map((e) => e.name), ...METHODS.map((m) => m.name)])
    assert.ok(html.includes(`<th scope="row"><code>${name}</code></th>`), `${name} has its row`);
  assert.ok(!html.includes('<!-- @'), 'every part filled in');
  assert.ok(html.includes('frame.contentWindow === e.source'), 'frame-host.js as it is served');
});

test('axe: the embedding docs page, its live widgets and iframe', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/embedding.html`);
  await widgetsDrawn(page, 3);
  await page.frameLocator('#frame').locator('[data-testid=play]:not([disabled])').waitFor({ timeout: 30000 });
  assert.deepEqual(await violations(page), []);
  await page.screenshot({ path: join(outputDir(), 'embedding-page.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a widget from the keyboard alone: Tab reaches play, with a visible focus ring; Space trains', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/demo.html`);
  await widgetsDrawn(page, 2);
  // Tab through the page until the first widget's play button has the focus.
  const focused = () => page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const s = el ? getComputedStyle(el) : null;
    return el ? { testid: el.dataset?.testid ?? '', key: el.dataset?.key ?? '', label: el.getAttribute('aria-label') ?? el.textContent.trim().slice(0, 30), outline: s.outlineStyle, width: s.outlineWidth } : null;
  });
  let f = null;
  for (let i = 0; i < 10 && f?.testid !== 'play'; i++) {
    await page.keyboard.press('Tab');
    f = await focused();
    assert.ok(f && f.outline !== 'none' && parseFloat(f.width) >= 2, `focus ring on ${JSON.stringify(f)}`);
  }
  assert.equal(f.testid, 'play', 'play is reached by Tab');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number(document.querySelector('nn-playground').shadowRoot.querySelector('[data-testid=epoch]').textContent) > 0, null, { timeout: 60000 });
  assert.equal((await focused()).label, 'Pause');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => !document.querySelector('nn-playground').playing);
  // The one setting of this lesson, the learning rate, takes a typed value.
  for (let i = 0; i < 20 && f.key !== 'lr'; i++) {
    await page.keyboard.press('Tab');
    f = await focused();
  }
  assert.equal(f.key, 'lr', 'the rate is reached by Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0.5');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('nn-playground').state.lr === 0.5);
  assert.deepEqual(problems, []);
  await page.close();
});
