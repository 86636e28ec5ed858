// Lessons: every web/lessons/NN-*.html there is, as built into build/web/lessons/ (mk/lessons.mk).
// Each page loads with no console error; its math is typeset at build time (KaTeX markup, no
// $ left in the text, no KaTeX script); its previous and next links follow the numbers; every
// widget on it is told only what it accepts (no message) and trains when played; and nothing
// makes the page scroll sideways on a phone 390 px wide. One browser for all; each widget
// trains only until its epoch counter (or, where an epoch is long, its progress bar) moves,
// then pauses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, startBrowser, openPage, outputDir, ROOT } from './harness.js';
import * as panelPresets from '../../web/presets/lessons.js';

const SRC = join(ROOT, 'web', 'lessons');
const LESSONS = readdirSync(SRC).filter((f) => /^\d\d-[a-z0-9-]+\.html$/.test(f)).sort();
const title = (f) => /<h1>([\s\S]*?)<\/h1>/.exec(readFileSync(join(SRC, f), 'utf8'))[1].replace(/<[^>]*>/g, '').trim();

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

/** How far the page is wider than its window, in pixels. */
// A widget of a lesson's own panel has its own buttons in place of the toolbar's Play;
// lessons-panels.test.js steps each of them.
const OWN_BUTTONS = new Set(Object.values(panelPresets).filter((p) => p.toolbar === false).map((p) => p.id));
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('the index lists every lesson in order, by its number and title', async () => {
  assert.ok(LESSONS.length > 0, 'no lesson in web/lessons/');
  const { page, problems } = await openPage(browser.context, `${server.url}/lessons/index.html`);
  const items = await page.$$eval('ol.lessons li', (lis) => lis.map((li) => [li.value, li.querySelector('a').getAttribute('href'), li.querySelector('a').textContent.trim()]));
  assert.deepEqual(items, LESSONS.map((f) => [Number(f.slice(0, 2)), f, title(f)]));
  assert.equal(await page.locator('.site-nav a[aria-current=page]').textContent(), 'Lessons');
  assert.deepEqual(problems, []);
  await page.close();
});

test('every page of the site links to the lessons', async () => {
  const { page, problems } = await openPage(browser.context, `${server.url}/index.html`);
  await page.waitForSelector('.nnp-nav a');
  assert.ok((await page.$$eval('.nnp-nav a', (as) => as.map((a) => a.getAttribute('href')))).includes('lessons/index.html'));
  assert.deepEqual(problems, []);
  await page.close();
});

LESSONS.forEach((file, i) => {
  test(`${file}: loads cleanly, math typeset, prev/next right, every widget trains, fits 390 px`, async () => {
    const { page, problems } = await openPage(browser.context, `${server.url}/lessons/${file}`);
    assert.equal(await page.locator('h1').first().textContent(), title(file));

    const rels = await page.$$eval('.prev-next a', (as) => Object.fromEntries(as.map((a) => [a.rel, a.getAttribute('href')])));
    assert.deepEqual(rels, { ...(i > 0 ? { prev: LESSONS[i - 1] } : {}), ...(i < LESSONS.length - 1 ? { next: LESSONS[i + 1] } : {}) });

    // Math: typeset markup present, no delimiter left in the text, no math script loaded.
    assert.ok(await page.locator('article .katex').count() > 0, 'no typeset math');
    const text = await page.evaluate(() => {
      const copy = /** @type {HTMLElement} */ (document.querySelector('article').cloneNode(true));
      copy.querySelectorAll('.katex, pre').forEach((e) => e.remove());
      return copy.textContent;
    });
    assert.ok(!text.includes('$'), `a $ left in the text: ${text.slice(Math.max(0, text.indexOf('$') - 60), text.indexOf('$') + 60)}`);
    assert.deepEqual(await page.$$eval('script', (ss) => ss.map((s) => s.getAttribute('src'))), ['../nnplay.js']);
    assert.equal(await page.locator('article .try').count(), 1);

    // Every widget: its snippet repeats the element as written; nothing it was told was
    // refused; played, it trains.
    const widgets = await page.locator('nn-playground').count();
    assert.ok(widgets > 0, 'no widget');
    assert.equal(await page.locator('nn-playground + details.snippet code').count(), widgets);
    for (let w = 0; w < widgets; w++) {
      const el = page.locator('nn-playground').nth(w);
      const code = await page.locator('details.snippet code').nth(w).textContent();
      assert.match(code, /^<script type="module" src="[^"]*\/nnplay\.js"><\/script>\n<nn-playground /);
      assert.equal(code.split('\n').slice(1).join(' ').replace(/\s+/g, ' '),
        (await el.evaluate((e) => e.outerHTML)).replace(/\s+/g, ' '));
      await el.scrollIntoViewIfNeeded();
      const ownButtons = OWN_BUTTONS.has(await el.getAttribute('preset'));
      await el.locator(ownButtons ? '.nnp-panel' : '[data-testid=play]:not([disabled])').first().waitFor({ timeout: 120000 });
      assert.equal(await el.locator('[data-testid=messages] .nnp-msg-error').count(), 0,
        `widget ${w + 1}: ${await el.locator('[data-testid=messages]').count() ? await el.locator('[data-testid=messages]').textContent() : ''}`);
      if (ownButtons) continue;
      await el.evaluate((e) => e.play());
      // A widget whose epoch takes long (a CNN on MNIST) shows its progress through the
      // epoch: that moving counts.
      await page.waitForFunction((n) => {
        const root = document.querySelectorAll('nn-playground')[n].shadowRoot;
        const bar = /** @type {HTMLProgressElement | null} */ (root.querySelector('.nnp-progress progress'));
        return Number(root.querySelector('[data-testid=epoch]').textContent) > 0 || (bar?.value ?? 0) > 0;
      }, w, { timeout: 120000 });
      await el.evaluate((e) => e.pause());
    }

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    assert.ok(await overflow(page) <= 0, `${file} scrolls sideways at 390 px by ${await overflow(page)} px`);
    await page.screenshot({ path: join(outputDir(), `lesson-${file.replace('.html', '')}-390.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });
});

