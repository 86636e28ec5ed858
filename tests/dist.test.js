// The package in build/dist/ (mk/dist.mk): its package.json names what is there, `npm pack`
// packs it, and the element, its worker and the engine together stay within the gzip budget
// its README states.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'build', 'dist');
const pkg = JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8'));

test('package.json: the repository\'s name and version, an ES module, every export there', () => {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.name, root.name);
  assert.equal(pkg.version, root.version);
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.exports['.'], './nnplay.js');
  for (const f of [...Object.values(pkg.exports), ...pkg.files]) assert.ok(existsSync(join(DIST, f)), `${f} is in build/dist/`);
  assert.match(readFileSync(join(DIST, 'nnplay.js'), 'utf8'), /customElements\.define\("nn-playground"/);
});

test('npm pack packs the element, worker, engine, iframe form, data and README', () => {
  const cache = mkdtempSync(join(tmpdir(), 'nnplay-npm-'));
  try {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--cache', cache], { cwd: DIST, encoding: 'utf8' });
    const [packed] = JSON.parse(out);
    const files = packed.files.map((f) => f.path).sort();
    for (const f of ['README.md', 'package.json', 'nnplay.js', 'worker.js', 'nnplay.wasm', 'embed.html', 'frame.js', 'frame-host.js',
      'data/mnist.json', 'data/mnist.nnds.gz', 'data/ames.json', 'data/churn.nnds.gz']) assert.ok(files.includes(f), `${f} packed: ${files}`);
    assert.equal(packed.name, pkg.name);
    console.log(`npm pack: ${packed.filename}, ${files.length} files, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('nnplay.js, worker.js and nnplay.wasm fit the README\'s gzip budget', () => {
  const readme = readFileSync(join(DIST, 'README.md'), 'utf8');
  const m = /together at most [\d.]+ KB \(([\d,]+) bytes\)\s+gzipped/.exec(readme);
  assert.ok(m, 'the README states the budget');
  const budget = Number(m[1].replaceAll(',', ''));
  const sizes = ['nnplay.js', 'worker.js', 'nnplay.wasm'].map((f) => [f, gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length]);
  const total = sizes.reduce((a, [, n]) => a + n, 0);
  console.log(`package gzipped: ${total} bytes of ${budget} (${sizes.map(([f, n]) => `${f} ${n}`).join(', ')})`);
  assert.ok(total <= budget, `${total} bytes gzipped, budget ${budget}`);
});
