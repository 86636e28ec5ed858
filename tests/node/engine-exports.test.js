// The module exports exactly what the engine binds, and the engine binds exactly what
// csrc/wasm_api.c marks EMSCRIPTEN_KEEPALIVE: three lists that must agree, checked on both the
// SIMD and the scalar build. The runtime's own exports are named here so nothing else leaks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPORTS } from '../../web/engine.js';
import { IMPORTS, instantiate } from '../../web/wasm-loader.js';
import { SCALAR_WASM, SIMD_WASM } from './engine-util.js';

// What Emscripten 3.1.6 adds to every --no-entry -sSTANDALONE_WASM module.
const RUNTIME_EXPORTS = [
  'memory', '__indirect_function_table', '_initialize', '__errno_location',
  'stackSave', 'stackRestore', 'stackAlloc',
];

const apiSource = readFileSync(fileURLToPath(new URL('../../csrc/wasm_api.c', import.meta.url)), 'utf8');
// "EXPORT <type> *?nnw_name(" — the macro wasm_api.c defines for EMSCRIPTEN_KEEPALIVE.
const cExports = [...apiSource.matchAll(/^EXPORT\b[^(]*?\b(nnw_\w+)\(/gm)].map((m) => m[1]);

test('wasm_api.c exports exactly what engine.js binds', () => {
  assert.ok(cExports.length > 30, `found only ${cExports.length} EXPORT functions`);
  assert.deepEqual([...cExports].sort(), [...EXPORTS].sort());
});

for (const [name, path] of [['simd', SIMD_WASM], ['scalar', SCALAR_WASM]]) {
  test(`${name} module: exports are the API plus the named runtime exports, nothing else`, async () => {
    const instance = await instantiate(path);
    assert.deepEqual(Object.keys(instance.exports).sort(), [...EXPORTS, ...RUNTIME_EXPORTS].sort());
  });

  test(`${name} module: every import is one the loader provides`, () => {
    const module = new WebAssembly.Module(readFileSync(path));
    for (const imp of WebAssembly.Module.imports(module)) {
      assert.equal(typeof IMPORTS[imp.module]?.[imp.name], 'function', `${imp.module}.${imp.name}`);
    }
  });
}
