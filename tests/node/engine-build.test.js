// The two builds are what mk/wasm.mk says: the shipped module uses wasm SIMD, the reference
// build has not one SIMD instruction, and the scalar matmul reference inside the SIMD build was
// kept scalar (-fno-vectorize -fno-slp-vectorize; without them LLVM vectorizes it: 49 SIMD
// instructions by this count when this test was written). Read with binaryen's wasm-dis,
// which Debian's emscripten package depends on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SCALAR_WASM, SIMD_WASM } from './engine-util.js';

const SIMD_REF_OBJECT = fileURLToPath(new URL('../../build/wasm-obj/simd/matmul_ref.o', import.meta.url));

/** Instructions on v128 values in the module's text form (f32x4.add, v128.load, ...). */
function simdInstructions(path) {
  // stderr is captured: wasm-dis warns that an object file's linking section is not standard.
  const text = execFileSync('wasm-dis', [path], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'pipe'] });
  return (text.match(/\((?:v128|[if](?:8x16|16x8|32x4|64x2))\.\w+/g) ?? []).length;
}

test('the shipped module uses wasm SIMD', () => {
  assert.ok(simdInstructions(SIMD_WASM) > 100, 'SIMD instructions in build/web/nnplay.wasm');
});

test('the scalar reference build has no SIMD instruction', () => {
  assert.equal(simdInstructions(SCALAR_WASM), 0);
});

test('the reference kernel in the SIMD build stayed scalar', () => {
  assert.equal(simdInstructions(SIMD_REF_OBJECT), 0);
});
