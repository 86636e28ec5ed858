// scripts/serve.js, the server of `make run` and the browser tests, on port 0 over a folder of
// its own: nosniff on every answer; a Content-Security-Policy on HTML pages only, naming the
// hashes of their inline <style> elements and allowing no inline script or eval; one byte
// range (206 with Content-Range, 416 when unsatisfiable, the whole file for what it ignores);
// a 64 KiB query string served and a longer one refused with a readable 431; and the old rules:
// no path out of the folder (403, links included), HEAD without a body, 405 for other methods;
// every answer readable from any origin (CORS), for embedding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../../scripts/serve.js', import.meta.url));
const STYLE = 'body { margin: 0; }';
const PAGE = `<!doctype html><title>t</title><style>${STYLE}</style><script type="module" src="a.js"></script>`;
const DATA = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

let dir, proc, port;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nnplay-serve-'));
  mkdirSync(join(dir, 'web', 'data'), { recursive: true });
  writeFileSync(join(dir, 'web', 'index.html'), PAGE);
  writeFileSync(join(dir, 'web', 'a.js'), 'export {};\n');
  writeFileSync(join(dir, 'web', 'data', 'set.nnds.gz'), DATA);
  writeFileSync(join(dir, 'web', 'data', 'empty.bin'), '');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'web', 'link.txt'));
  proc = spawn(process.execPath, [SERVE, join(dir, 'web'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (code) => reject(new Error(`serve.js exited with ${code}: ${out}`)));
  });
});
after(() => {
  proc?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A request with the path sent as it is (no normalization); resolves {status, headers, body}. */
function get(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', reject);
    req.end();
  });
}

test('every answer says nosniff; HTML pages get a policy they satisfy, other files none', async () => {
  for (const path of ['/', '/a.js', '/data/set.nnds.gz', '/missing', '/../secret.txt']) {
    const r = await get(path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
    assert.equal(r.headers['access-control-allow-origin'], '*', `${path}: readable from any origin`);
    assert.equal(r.headers['cross-origin-resource-policy'], 'cross-origin', path);
  }
  const page = await get('/');
  assert.equal(page.status, 200);
  const csp = page.headers['content-security-policy'];
  const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['worker-src'], ["'self'"]);
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['object-src'], ["'none'"]);
  const hash = createHash('sha256').update(STYLE).digest('base64');
  assert.deepEqual(directives['style-src'], ["'self'", `'sha256-${hash}'`], 'the page\'s own <style> by its hash');
  assert.ok(!/unsafe-inline|unsafe-eval'/.test(csp.replace("'wasm-unsafe-eval'", '')), csp);
  assert.equal((await get('/a.js')).headers['content-security-policy'], undefined);
  assert.equal((await get('/a.js')).headers['content-type'], 'text/javascript; charset=utf-8');
});

test('one byte range: 206 with Content-Range, 416 when unsatisfiable, the whole file otherwise', async () => {
  const full = await get('/data/set.nnds.gz');
  assert.equal(full.status, 200);
  assert.equal(full.headers['accept-ranges'], 'bytes');
  assert.deepEqual(full.body, DATA);
  const cases = [
    ['bytes=0-99', 0, 99], ['bytes=100-', 100, 999], ['bytes=-10', 990, 999], ['bytes=990-5000', 990, 999],
    ['bytes=-5000', 0, 999], ['bytes=999-999', 999, 999],
  ];
  for (const [range, from, to] of cases) {
    const r = await get('/data/set.nnds.gz', { headers: { range } });
    assert.equal(r.status, 206, range);
    assert.equal(r.headers['content-range'], `bytes ${from}-${to}/1000`, range);
    assert.equal(Number(r.headers['content-length']), to - from + 1, range);
    assert.deepEqual(r.body, DATA.subarray(from, to + 1), range);
  }
  for (const [path, range] of [['/data/set.nnds.gz', 'bytes=1000-'], ['/data/set.nnds.gz', 'bytes=-0'],
    ['/data/set.nnds.gz', 'bytes=5000-6000'], ['/data/empty.bin', 'bytes=0-']]) {
    const r = await get(path, { headers: { range } });
    assert.equal(r.status, 416, `${path} ${range}`);
    assert.match(r.headers['content-range'], /^bytes \*\/(1000|0)$/, range);
  }
  // Several ranges, another unit, nonsense, a reversed range, If-Range: the whole file.
  for (const headers of [{ range: 'bytes=0-1,5-6' }, { range: 'items=0-1' }, { range: 'bytes=x-y' },
    { range: 'bytes=9-3' }, { range: 'bytes=0-1', 'if-range': '"v1"' }]) {
    const r = await get('/data/set.nnds.gz', { headers });
    assert.equal(r.status, 200, JSON.stringify(headers));
    assert.equal(r.body.length, 1000);
  }
  const head = await get('/data/set.nnds.gz', { method: 'HEAD', headers: { range: 'bytes=10-19' } });
  assert.equal(head.status, 206);
  assert.equal(head.headers['content-length'], '10');
  assert.equal(head.body.length, 0);
});

test('a 64 KiB query string is served; a longer request gets a 431 that says why', async () => {
  const q = 'x'.repeat(64 * 1024);
  const ok = await get(`/index.html?s=${q}`);
  assert.equal(ok.status, 200);
  assert.match(ok.body.toString(), /<title>t<\/title>/);
  // The page's subresources repeat the address in their Referer.
  assert.equal((await get('/a.js', { headers: { referer: `http://localhost/?s=${q}` } })).status, 200);
  // Over the limit: the status, and text a person can read in place of a blank page.
  const raw = await new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(`GET /?s=${'x'.repeat(200 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    let text = '';
    socket.on('data', (d) => { text += d; });
    socket.on('end', () => resolve(text));
    socket.on('error', (e) => (text ? resolve(text) : reject(e)));
  });
  assert.match(raw, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  assert.match(raw, /x-content-type-options: nosniff/);
  assert.match(raw, /\r\n\r\nThe address and headers of this request are over 160 KiB, more than this server reads\. The playground keeps its settings in the address/);
});

test('the old rules: nothing outside the folder, HEAD, 405, 404', async () => {
  // Dot segments are resolved as the URL is parsed (to /secret.txt inside the folder, which
  // is not there); encoded slashes decode to a path that leaves the folder and is refused.
  for (const [path, status] of [['/../secret.txt', 404], ['/%2e%2e/secret.txt', 404], ['/..%2fsecret.txt', 403],
    ['/data/..%2f..%2fsecret.txt', 403], ['/data/..%5c..%5csecret.txt', 404]]) {
    const r = await get(path);
    assert.equal(r.status, status, path);
    assert.doesNotMatch(r.body.toString(), /outside/, path);
  }
  assert.equal((await get('/link.txt')).status, 403, 'a link leading out of the folder');
  const head = await get('/index.html', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(Number(head.headers['content-length']), Buffer.byteLength(PAGE));
  assert.equal(head.body.length, 0);
  assert.ok(head.headers['content-security-policy']);
  const post = await get('/index.html', { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  assert.equal((await get('/data/')).status, 404, 'no listing');
  assert.equal((await get('/data')).status, 404);
  assert.equal((await get('/%zz')).status, 400);
});
