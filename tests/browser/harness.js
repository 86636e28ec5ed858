// harness.js — what every browser test needs: the project's own server on a free port, and
// Debian's Chromium through playwright-core, headless, with a fresh empty profile.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB = join(ROOT, 'build', 'web');
export const OUTPUT = join(ROOT, 'build', 'test-output');

/** Starts scripts/serve.js on port 0; resolves with {url, stop}. */
export function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(ROOT, 'scripts', 'serve.js'), WEB, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => { proc.kill(); reject(new Error(`serve.js printed no address: ${out}`)); }, 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/localhost:\d+/);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[0],
          stop: () => new Promise((done) => { proc.once('exit', done); proc.kill('SIGTERM'); }),
        });
      }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve.js exited with ${code}: ${out}`)); });
  });
}

/** Chromium with a new empty profile; close() also removes the profile. */
export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'nnplay-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records the page's main-thread tasks over 50 ms (the browser's "long tasks") from now on.
 * Tasks a test starts through page.evaluate are not counted, only the page's own.
 * @returns {Promise<{reset: () => Promise<void>, read: () => Promise<number[]>}>} durations in ms
 */
export async function watchLongTasks(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  return {
    reset: () => page.evaluate(() => { window.__longTasks.length = 0; }),
    read: () => page.evaluate(() => window.__longTasks.slice()),
  };
}

/**
 * A new page that records console errors, page errors and failed requests into `problems`.
 * @returns {Promise<{page: import('playwright-core').Page, problems: string[]}>}
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url);
  return { page, problems };
}

/**
 * Opens the playground at `path` and waits until it can train (the engine is loaded and the
 * play button enabled) and, unless `firstFrame` is false, has drawn its first frame (a
 * refused setting draws none).
 */
export async function loadPlayground(context, base, path, { firstFrame = true } = {}) {
  const p = await openPage(context, base + path);
  await p.page.waitForSelector('[data-testid=play]:not([disabled])', { timeout: 20000 });
  if (firstFrame) await p.page.waitForFunction(() => Number(document.querySelector('.nnp')?.dataset.frames) > 0);
  return p;
}

/**
 * The RGBA bytes of the canvas at `selector`, copied onto a scratch canvas so the page's own
 * canvas is never read back.
 * @returns {Promise<number[]>}
 */
export function canvasPixels(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const copy = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    return Array.from(ctx.getImageData(0, 0, c.width, c.height).data);
  }, selector);
}

export function outputDir() {
  mkdirSync(OUTPUT, { recursive: true });
  return OUTPUT;
}
