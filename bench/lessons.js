// lessons.js — what a lesson page costs a learner (`make bench-lessons`; a measurement, not a
// test). For every built lesson, in a fresh browser profile (nothing cached), served by
// scripts/serve.js: the bytes it downloads before any widget's data set, each file as sent and
// gzipped (-9, as a static host would serve it; each file once), and the time from navigation to its first
// widget's first trained epoch (a race's, on a page of races), played as soon as it is ready.
// Prints a Markdown table.
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startServer, startBrowser, WEB } from '../tests/browser/harness.js';
import * as panelPresets from '../web/presets/lessons.js';

const LESSONS = readdirSync(join(WEB, 'lessons')).filter((f) => /^\d\d-.*\.html$/.test(f)).sort();
const server = await startServer();
// The first widget with the toolbar's Play is timed; else the first race (its own Play, its
// first epoch); a lesson whose widgets all have other buttons of their own (its panel's) gets
// the time its first panel shows, and no trained epoch.
const own = Object.values(panelPresets).filter((p) => p.toolbar === false);
const played = own.map((p) => `:not([preset=${p.id}])`).join('');
const race = own.filter((p) => p.panels[0] === 'race').map((p) => `nn-playground[preset=${p.id}]`).join(', ');
const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;

console.log('| lesson | widgets | requests / files | bytes | gzip | of which the engine (nnplay.js, worker.js, nnplay.wasm), gzip | ready | first trained epoch |');
console.log('|---|---|---|---|---|---|---|---|');
try {
  for (const file of LESSONS) {
    const browser = await startBrowser();
    try {
      const page = await browser.context.newPage();
      /** @type {{url: string, body: Buffer}[]} */
      const got = [];
      page.on('response', async (r) => {
        if (r.status() === 200 && !r.url().includes('/data/')) got.push({ url: r.url(), body: await r.body().catch(() => Buffer.alloc(0)) });
      });
      await page.goto(`${server.url}/lessons/${file}`);
      const first = page.locator(`nn-playground${played}`).first();
      const plays = await page.locator(`nn-playground${played}`).count() > 0;
      const races = !plays && await page.locator(race).count() > 0;
      const shown = plays ? first.locator('[data-testid=play]:not([disabled])')
        : races ? page.locator(race).first().locator('[data-testid=race-play]:not([disabled])')
          : page.locator('nn-playground').first().locator('.nnp-panel').first();
      await shown.waitFor({ timeout: 120000 });
      const ready = await page.evaluate(() => performance.now());
      let trained = '–';
      if (plays || races) {
        if (plays) await first.evaluate((e) => e.play()); else await shown.click();
        await page.waitForFunction(([sel, isRace]) => {
          const root = document.querySelector(sel).shadowRoot;
          return isRace ? /^epoch [1-9]/.test(root.querySelector('[data-testid=race-epoch]').textContent)
            : Number(root.querySelector('[data-testid=epoch]').textContent) > 0;
        }, [plays ? `nn-playground${played}` : race, races], { timeout: 120000, polling: 'raf' });
        trained = `${Math.round(await page.evaluate(() => performance.now()))} ms`;
      }
      await page.waitForLoadState('networkidle');
      // Each widget's worker asks for worker.js and nnplay.wasm again; a file is counted once,
      // as a browser whose cache keeps it downloads it once.
      const files = [...new Map(got.map((g) => [g.url, g])).values()];
      const bytes = files.reduce((s, g) => s + g.body.length, 0);
      const gz = files.map((g) => ({ url: g.url, n: gzipSync(g.body, { level: 9 }).length }));
      const engine = gz.filter((g) => /\/(nnplay\.js|worker\.js|nnplay\.wasm)$/.test(g.url)).reduce((s, g) => s + g.n, 0);
      const widgets = await page.locator('nn-playground').count();
      console.log(`| ${file} | ${widgets} | ${got.length} / ${files.length} | ${kb(bytes)} | ${kb(gz.reduce((s, g) => s + g.n, 0))} | ${kb(engine)} | ${Math.round(ready)} ms | ${trained} |`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.stop();
}
