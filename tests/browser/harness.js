// harness.js — what every browser test needs: the project's own server on a free port, and
// Debian's Chromium through playwright-core, headless, with a fresh empty profile.
import { spawn } from 'node:child_process';
import http from 'node:http';
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
      const m = out.match(/http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({
          // The address the server listens on, not 'localhost': Node 18's fetch takes the first
          // address the name resolves to, ::1 on some machines, where nothing listens.
          url: `http://127.0.0.1:${m[1]}`,
          stop: () => new Promise((done) => { proc.once('exit', done); proc.kill('SIGTERM'); }),
        });
      }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve.js exited with ${code}: ${out}`)); });
  });
}

/**
 * A course site of another origin (its own port; the nnplay server has another): a server
 * for the pages given, each sent with the Content-Security-Policy `csp`; resolves {url, stop}.
 * @param {Record<string, string>} pages  path → body; .html, .css and .js by their names
 */
export function startHost(pages, csp) {
  const TYPES = { html: 'text/html; charset=utf-8', css: 'text/css', js: 'text/javascript' };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (!Object.hasOwn(pages, path)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': TYPES[path.split('.').pop()], 'content-security-policy': csp });
    res.end(pages[path]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((done) => server.close(done)),
  })));
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
 * Watches, from before the page's first script runs, what keeps its main thread free: the
 * engine and the file reading live in the worker, and the worker sends a snapshot only when
 * the page has drawn the last one. It records every WebAssembly instantiation and every Blob
 * read on the main thread, and for each worker the snapshots received, the acknowledgements
 * sent, the most snapshots ever outstanding and the largest snapshot's transferred bytes.
 * Durations are not recorded: a busy machine stretches them with nothing wrong (make bench
 * measures speed).
 * @returns {string} a script for page.addInitScript
 */
export const WATCH_MAIN_THREAD = `(() => {
  const w = window.__mainThread = { wasm: 0, blobReads: 0, workers: [] };
  for (const name of ['instantiate', 'instantiateStreaming', 'compile', 'compileStreaming']) {
    const f = WebAssembly[name];
    WebAssembly[name] = function (...a) { w.wasm++; return f.apply(this, a); };
  }
  for (const name of ['text', 'arrayBuffer', 'stream']) {
    const f = Blob.prototype[name];
    Blob.prototype[name] = function (...a) { w.blobReads++; return f.apply(this, a); };
  }
  const Real = Worker;
  const watch = new WeakMap();
  window.Worker = class extends Real {
    constructor(...a) {
      super(...a);
      const t = { snapshots: 0, acks: 0, maxOutstanding: 0, maxBytes: 0 };
      w.workers.push(t);
      watch.set(this, t);
      this.addEventListener('message', (e) => {
        if (e.data?.type !== 'snapshot') return;
        t.snapshots++;
        t.maxOutstanding = Math.max(t.maxOutstanding, t.snapshots - t.acks);
        t.maxBytes = Math.max(t.maxBytes, e.data.buf?.byteLength ?? 0);
      });
    }
    postMessage(msg, ...rest) {
      if (msg?.type === 'ack') watch.get(this).acks++;
      return super.postMessage(msg, ...rest);
    }
  };
})();`;

/** What WATCH_MAIN_THREAD recorded so far. */
export const mainThread = (page) => page.evaluate(() => structuredClone(window.__mainThread));

/**
 * A new page that records console errors, page errors and failed requests into `problems`;
 * `init` is a script run before the page's own (WATCH_MAIN_THREAD).
 * @returns {Promise<{page: import('playwright-core').Page, problems: string[]}>}
 */
export async function openPage(context, url, { init = '' } = {}) {
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
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
export async function loadPlayground(context, base, path, { firstFrame = true, init = '' } = {}) {
  const p = await openPage(context, base + path, { init });
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

/** Defines window.__canvasHash(sel) in the page: an FNV-1a hash of the canvas's pixels (copied as canvasPixels does). */
function defineCanvasHash(page) {
  return page.evaluate(() => {
    window.__canvasHash ??= (sel) => {
      const c = document.querySelector(sel);
      const copy = Object.assign(document.createElement('canvas'), { width: c.width, height: c.height });
      const ctx = copy.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(c, 0, 0);
      let h = 0x811c9dc5;
      for (const v of ctx.getImageData(0, 0, c.width, c.height).data) h = Math.imul(h ^ v, 0x01000193);
      return h >>> 0;
    };
  });
}

export async function canvasHash(page, sel) {
  await defineCanvasHash(page);
  return page.evaluate((s) => window.__canvasHash(s), sel);
}

/** Waits until the canvas at `sel` hashes to `hash` (`equal`) or to anything else. */
export async function waitForCanvas(page, sel, hash, { equal }) {
  await defineCanvasHash(page);
  return page.waitForFunction(([s, h, eq]) => (window.__canvasHash(s) === h) === eq, [sel, hash, equal]);
}
