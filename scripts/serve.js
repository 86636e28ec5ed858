// serve.js — a tiny static file server for the built page (Node's http module only).
//   node scripts/serve.js <dir> [port]     port 0 picks a free one; prints the address.
// GET and HEAD only, no directory listings, nothing outside <dir>; '/' serves index.html.
// Every answer says `X-Content-Type-Options: nosniff`; HTML pages get a Content-Security-Policy
// they satisfy (below); a file answers one byte range (206, or 416 when it cannot); request
// headers may take MAX_HEADER_BYTES, so a 64 KiB query string is served, and more gets a 431
// that says why instead of a blank page. Every file may be read from any origin (CORS), so
// `make run` is an nnplay host for a course page on another port or site: <nn-playground>
// loads nnplay.js, worker.js, nnplay.wasm and data/ from here (docs/embedding.md).
import http from 'node:http';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { resolve, extname, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json',
};

// The page's settings live in its query string, and a subresource request may repeat the
// address in its Referer: two 64 KiB addresses and 32 KiB for the other headers (Node's own
// limit is 16 KiB, which a 16 KB query string already passed).
const MAX_HEADER_BYTES = 160 * 1024;

// Scripts only from the site's files, wasm compiled from them, workers from the site; no
// inline script, no eval. A page's own inline <style> elements are allowed by their hashes
// (cspFor), nothing else inline. img-src data: is the pages' empty favicon.
const CSP = ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'",
  "connect-src 'self'", "img-src 'self' data: blob:", "object-src 'none'", "base-uri 'self'",
  "form-action 'self'"];

/** The policy for an HTML page: CSP, with style-src naming the hashes of its <style> elements. */
function cspFor(html) {
  const hashes = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)]
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
  return [...CSP, ["style-src 'self'", ...hashes].join(' ')].join('; ');
}

/**
 * The one range of a `Range: bytes=...` header within a file of `size` bytes: {start, end}
 * (inclusive), 'unsatisfiable', or null when the header is absent, of another unit, malformed
 * or asks for several ranges, which the server may ignore and answer with the whole file.
 */
function byteRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {   // the last n bytes
    const n = Number(m[2]);
    return n > 0 && size > 0 ? { start: Math.max(0, size - n), end: size - 1 } : 'unsatisfiable';
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}

const [dirArg, portArg = '8000'] = process.argv.slice(2);
if (!dirArg) {
  console.error('usage: node scripts/serve.js <dir> [port]');
  process.exit(2);
}
const root = resolve(dirArg);
const realRoot = realpathSync(root);
const port = Number(portArg);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`serve: port must be an integer in [0, 65535] (got '${portArg}')`);
  process.exit(2);
}

const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
  res.setHeader('x-content-type-options', 'nosniff');
  // Public files: any page may fetch them (a module, a worker's import, the wasm and the data
  // are CORS requests from another origin) and embed them under Cross-Origin-Embedder-Policy.
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('cross-origin-resource-policy', 'cross-origin');
  const fail = (code, text, headers = {}) => {
    res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed', { allow: 'GET, HEAD' });
  let path;
  try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { return fail(400, 'bad path'); }
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (file !== root && !file.startsWith(root + sep)) return fail(403, 'forbidden');
  let st, real;
  try { st = statSync(file); real = realpathSync(file); } catch { return fail(404, 'not found'); }
  if (!st.isFile()) return fail(404, 'not found');
  // A link inside the folder must not lead out of it.
  if (!real.startsWith(realRoot + sep)) return fail(403, 'forbidden');
  const headers = {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    'accept-ranges': 'bytes',
  };
  if (extname(file) === '.html') {
    try { headers['content-security-policy'] = cspFor(readFileSync(file, 'utf8')); } catch { return fail(404, 'not found'); }
  }
  // If-Range needs a validator this server does not give, so with it the whole file is sent.
  const range = req.headers['if-range'] === undefined ? byteRange(req.headers.range, st.size) : null;
  if (range === 'unsatisfiable') return fail(416, 'range not satisfiable', { 'content-range': `bytes */${st.size}` });
  const { start, end } = range ?? { start: 0, end: st.size - 1 };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${st.size}`;
  headers['content-length'] = end - start + 1;
  // Headers go out only once the file is open, so an unreadable file is a 404, not a crash;
  // pipeline closes the file when the client goes away mid-download.
  const stream = createReadStream(file, st.size ? { start, end } : {});
  stream.once('error', () => (res.headersSent ? res.destroy() : fail(404, 'not found')));
  stream.once('open', () => {
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') {
      stream.destroy();
      res.end();
    } else {
      pipeline(stream, res, () => {});
    }
  });
});

// Node answers headers over the limit with a bare 431 that a browser shows as a blank page.
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
  const [status, text] = err.code === 'HPE_HEADER_OVERFLOW'
    ? ['431 Request Header Fields Too Large', `The address and headers of this request are over ` +
      `${MAX_HEADER_BYTES / 1024} KiB, more than this server reads. The playground keeps its settings in ` +
      'the address: open it with fewer settings, or reset them.\n']
    : ['400 Bad Request', 'bad request\n'];
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain; charset=utf-8\r\nx-content-type-options: nosniff\r\n` +
    `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
});

server.once('error', (e) => {
  if (e.code !== 'EADDRINUSE') throw e;
  console.error(`serve: port ${port} is taken (another \`make run\`?). Stop that server, or pick another ` +
    `port: make run PORT=${port + 1}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`nnplay: serving ${dirArg} on http://localhost:${server.address().port} (Ctrl-C stops it)`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
