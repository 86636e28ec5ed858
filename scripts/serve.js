// serve.js — a tiny static file server for the built page (Node's http module only).
//   node scripts/serve.js <dir> [port]     port 0 picks a free one; prints the address.
// GET and HEAD only, no directory listings, nothing outside <dir>; '/' serves index.html.
import http from 'node:http';
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { resolve, extname, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json',
};

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

const server = http.createServer((req, res) => {
  const fail = (code, text) => { res.writeHead(code, { 'content-type': 'text/plain' }); res.end(text); };
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed');
  let path;
  try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { return fail(400, 'bad path'); }
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  if (file !== root && !file.startsWith(root + sep)) return fail(403, 'forbidden');
  let st, real;
  try { st = statSync(file); real = realpathSync(file); } catch { return fail(404, 'not found'); }
  if (!st.isFile()) return fail(404, 'not found');
  // A link inside the folder must not lead out of it.
  if (!real.startsWith(realRoot + sep)) return fail(403, 'forbidden');
  // Headers go out only once the file is open, so an unreadable file is a 404, not a crash;
  // pipeline closes the file when the client goes away mid-download.
  const stream = createReadStream(file);
  stream.once('error', () => (res.headersSent ? res.destroy() : fail(404, 'not found')));
  stream.once('open', () => {
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      stream.destroy();
      res.end();
    } else {
      pipeline(stream, res, () => {});
    }
  });
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
