// Embedding from another origin: a course page on one port, under a strict Content-Security-
// Policy (no 'unsafe-inline', no 'unsafe-eval'), loads <nn-playground> from the nnplay server
// on another port, so another origin. Two widgets, one with the learning rate locked, each with
// its own worker, both train; the locked control cannot change the rate; the page's own hostile
// CSS changes nothing inside; one pauses off screen; bad values stay messages of their widget;
// an MNIST digit pad fetches its data beside the module; the iframe form works from the other
// origin and obeys only messages of its own; the old <div data-nnplay> still works; nothing is
// logged as an error.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startHost, startBrowser, openPage } from './harness.js';

// The host's own CSS, as hostile as a page's can be to what it contains.
const HOSTILE = '* { color: red !important; font-size: 40px; font-family: serif; line-height: 3; letter-spacing: 4px; ' +
  'text-transform: uppercase; text-align: right; } button, input, select { all: unset; } nn-playground { width: 900px; } ' +
  '.spacer { height: 4000px; }';
const NEUTRAL = 'nn-playground { width: 900px; }';

let nn, host, browser, csp;
before(async () => {
  nn = await startServer();
  csp = [`default-src 'none'`, `script-src 'self' ${nn.url} 'wasm-unsafe-eval'`, `worker-src blob: ${nn.url}`,
    `connect-src ${nn.url}`, `style-src 'self'`, `img-src data:`, `frame-src ${nn.url}`].join('; ');
  const page = (css, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="${css}">
<script type="module" src="${nn.url}/nnplay.js"></script></head>
<body><main><h1>Lesson 3</h1>${body}</main></body></html>`;
  const A = '<nn-playground id="a" dataset="xor" hidden="4" acts="tanh" lr="0.03" optimizer="adam" seed="3" locked="lr" controls="output,lr,charts"></nn-playground>';
  const B = '<nn-playground id="b" config="dataset=circle&amp;hidden=3&amp;acts=tanh"><script type="application/json">{"lr": 0.1, "controls": "output,charts"}</script></nn-playground>';
  host = await startHost({
    '/hostile.css': HOSTILE,
    '/neutral.css': NEUTRAL,
    '/course.html': page('hostile.css', `<p>Change the learning rate? You cannot.</p>${A}<p>And a circle:</p>${B}<div class="spacer"></div>`),
    '/plain.html': page('neutral.css', `${A}<nn-playground id="c" lr="fast" controls="output,bogus" hidden="9999" height="300"></nn-playground>`),
    '/frame.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An LMS page</title><link rel="icon" href="data:,">
<script src="${nn.url}/frame-host.js"></script></head><body><main>
<iframe id="f" title="A neural network learning XOR" width="800" height="200"
  src="${nn.url}/embed.html#dataset=xor&amp;hidden=4&amp;acts=tanh&amp;lr=0.03&amp;locked=lr&amp;controls=output,lr"></iframe>
</main></body></html>`,
    '/mnist.html': page('neutral.css', '<nn-playground id="m" preset="mnist" controls="pad"></nn-playground>'),
    '/divs.html': page('neutral.css', '<div data-nnplay="dataset=xor&amp;hidden=2&amp;acts=tanh" data-panels="output"></div>'),
  }, csp);
  browser = await startBrowser();
});
after(async () => { await browser?.close(); await host?.stop(); await nn?.stop(); });

/** Waits until every element named has drawn a frame. */
const drawn = (page, ids) => page.waitForFunction((list) => list.every((id) =>
  Number(document.getElementById(id)?.shadowRoot?.querySelector('.nnp')?.dataset.frames) > 0), ids, { timeout: 30000 });
const epoch = (page, id) => page.evaluate((i) => Number(document.getElementById(i).shadowRoot.querySelector('[data-testid=epoch]').textContent), id);
const untilEpoch = (page, id) => page.waitForFunction((i) =>
  Number(document.getElementById(i).shadowRoot.querySelector('[data-testid=epoch]').textContent) > 0, id, { timeout: 60000 });

/** What every element inside a widget looks like: the styles a host could have leaked into. */
const looks = (page, id) => page.evaluate((i) => [...document.getElementById(i).shadowRoot.querySelectorAll('*')].map((el) => {
  const s = getComputedStyle(el);
  return [el.tagName, s.color, s.fontSize, s.fontFamily, s.lineHeight, s.letterSpacing, s.textTransform, s.textAlign,
    s.backgroundColor, s.borderTopWidth].join(' ');
}), id);

test('a strict-CSP course page of another origin: two widgets train, one locked, styles sealed', async () => {
  const { page, problems } = await openPage(browser.context, `${host.url}/course.html`);
  await drawn(page, ['a', 'b']);
  assert.equal(page.workers().length, 2, 'one worker per widget');
  // before anything is hovered or said
  const box = async (p) => p.evaluate(() => document.getElementById('a').getBoundingClientRect().height);
  const sealed = await looks(page, 'a'), height = await box(page);

  // The locked learning rate: shown, disabled, marked; forcing the box changes nothing.
  const lr = page.locator('#a [data-key=lr]');
  assert.ok(await lr.isDisabled());
  assert.match(await page.locator('#a label', { hasText: 'Learning rate' }).textContent(), /\(fixed\)/);
  await lr.evaluate((box) => {
    box.disabled = false;
    box.value = '0.5';
    box.dispatchEvent(new Event('change', { bubbles: true }));
  });
  assert.equal(await page.evaluate(() => document.getElementById('a').state.lr), 0.03);
  assert.match(await page.locator('#a [data-testid=messages]').textContent(), /Learning rate: fixed in this widget/);
  // ...but the author's script may change it, and a refused value throws and changes nothing.
  assert.equal(await page.evaluate(() => { const a = document.getElementById('a'); a.state = { lr: 0.05 }; return a.state.lr; }), 0.05);
  assert.match(await page.evaluate(() => { try { document.getElementById('a').state = { lr: -1, hidden: [3] }; } catch (e) { return e.message; } }),
    /lr must be a number above 0/);
  assert.deepEqual(await page.evaluate(() => document.getElementById('a').state.hidden), [4]);

  // Both train, each in its own worker; events tell the page.
  await page.evaluate(() => {
    window.heard = [];
    for (const id of ['a', 'b']) {
      for (const t of ['play', 'pause', 'epoch']) document.getElementById(id).addEventListener(t, (e) => window.heard.push(`${id} ${t}`));
    }
  });
  await page.locator('#a [data-testid=play]').click();
  await page.evaluate(() => document.getElementById('b').play());
  await untilEpoch(page, 'a');
  await untilEpoch(page, 'b');
  await page.evaluate(() => { document.getElementById('a').pause(); document.getElementById('b').pause(); });
  await page.waitForFunction(() => window.heard.includes('a pause') && window.heard.includes('b pause'));
  const heard = await page.evaluate(() => window.heard);
  for (const e of ['a play', 'b play', 'a epoch', 'b epoch', 'a pause', 'b pause']) assert.ok(heard.includes(e), `${e}: ${heard.slice(0, 20)}`);
  assert.equal(Number(await page.locator('#a [data-testid=lr]').textContent()), 0.05, 'the rate the worker trains with');

  // The host's CSS (red, 40 px, serif, uppercase, buttons unset) changes nothing inside.
  const plain = await openPage(browser.context, `${host.url}/plain.html`);
  await drawn(plain.page, ['a']);
  assert.deepEqual(sealed, await looks(plain.page, 'a'));
  assert.ok(!sealed.some((s) => s.includes('rgb(255, 0, 0)')), 'nothing inside is red');
  assert.equal(height, await box(plain.page), 'the same height');
  // ...and the widget's own styles stay inside: the page's text is as its CSS says.
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('p')).fontSize), '40px');

  // Bad values are messages of their own widget only.
  const c = await plain.page.locator('#c [data-testid=messages]').textContent();
  assert.match(c, /Learning rate \(lr\) "fast" must be a number/);
  assert.match(c, /Control "bogus" is neither a panel/);
  assert.match(c, /Hidden layers \(hidden\) "9999"/);
  assert.equal(await plain.page.locator('#a [data-testid=messages]').count(), 0);
  assert.equal(await plain.page.evaluate(() => document.getElementById('c').shadowRoot.querySelector('.nnp-height').getBoundingClientRect().height), 300);

  assert.deepEqual(problems, []);
  assert.deepEqual(plain.problems, []);
  await plain.page.close();
  await page.close();
});

test('a widget off screen pauses, and plays again when it is back', async () => {
  const { page, problems } = await openPage(browser.context, `${host.url}/course.html`);
  await drawn(page, ['b']);
  await page.evaluate(() => {
    window.offscreen = [];
    document.getElementById('b').addEventListener('pause', (e) => window.offscreen.push(e.detail.offscreen));
  });
  await page.evaluate(() => document.getElementById('b').scrollIntoView());
  await page.evaluate(() => document.getElementById('b').play());
  await page.waitForFunction(() => document.getElementById('b').playing);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForFunction(() => !document.getElementById('b').playing);
  assert.deepEqual(await page.evaluate(() => window.offscreen), [true]);
  const paused = await epoch(page, 'b');
  await page.evaluate(() => document.getElementById('b').scrollIntoView());
  await page.waitForFunction(() => document.getElementById('b').playing);
  await page.waitForFunction(([e]) => Number(document.getElementById('b').shadowRoot.querySelector('[data-testid=epoch]').textContent) > e, [paused]);
  await page.evaluate(() => document.getElementById('b').pause());
  assert.deepEqual(problems, []);
  await page.close();
});

test('the iframe form from another origin: sized by its messages, trains, obeys only its parent', async () => {
  const { page, problems } = await openPage(browser.context, `${host.url}/frame.html`);
  const frame = page.frameLocator('#f');
  await frame.locator('[data-testid=play]:not([disabled])').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => parseFloat(document.getElementById('f').style.height) > 300);
  const fitted = await page.evaluate(() => document.getElementById('f').style.height);
  // A size message from anything but that iframe, here the page itself, is ignored.
  await page.evaluate(() => window.postMessage({ source: 'nnplay', type: 'size', height: 77 }, '*'));
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => document.getElementById('f').style.height), fitted);
  assert.ok(await frame.locator('[data-key=lr]').isDisabled(), 'locked in the iframe too');
  // The parent may start it by message.
  await page.evaluate((origin) => document.getElementById('f').contentWindow.postMessage({ source: 'nnplay', call: 'play' }, origin), nn.url);
  await frame.locator('[data-testid=epoch]').filter({ hasNotText: '000000' }).waitFor({ timeout: 60000 });
  await frame.locator('[data-testid=play]').click();
  assert.deepEqual(problems, []);
  await page.close();
});

test('a real data set from the other origin: an MNIST digit pad, its data fetched beside the module', async () => {
  const { page, problems } = await openPage(browser.context, `${host.url}/mnist.html`);
  await page.locator('#m [data-testid=play]:not([disabled])').waitFor({ timeout: 90000 });
  assert.equal(await page.locator('#m canvas').count() > 0, true, 'the pad is drawn');
  assert.equal(await page.locator('#m .nnp-network').count(), 0, 'only the pad');
  assert.deepEqual(problems, []);
  await page.close();
});

test('<div data-nnplay> is an element inside the div', async () => {
  const { page, problems } = await openPage(browser.context, `${host.url}/divs.html`);
  await page.waitForFunction(() => Number(document.querySelector('[data-nnplay] > nn-playground')?.shadowRoot.querySelector('.nnp')?.dataset.frames) > 0, null, { timeout: 30000 });
  assert.equal(await page.locator('[data-nnplay] nn-playground [data-testid=boundary]').count(), 1);
  assert.equal(await page.locator('[data-nnplay] nn-playground .nnp-network').count(), 0, 'data-panels is controls');
  assert.deepEqual(problems, []);
  await page.close();
});
