// Shared by the Node tests (not a test itself): where the built modules live, loading an
// engine, and the small fixed data sets the tests train on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../web/engine.js';

const built = (path) => fileURLToPath(new URL(`../../build/${path}`, import.meta.url));

/** The shipped SIMD module, the scalar reference build, and the native parity helper. */
export const SIMD_WASM = built('web/nnplay.wasm');
export const SCALAR_WASM = built('wasm/nnplay-scalar.wasm');
export const NATIVE_LOSSES = built('native/native_losses');

/**
 * An Engine from the module's bytes, read at once: an asynchronous read of nnplay.wasm while
 * another build rewrote it once left a test file waiting forever.
 * @param {string} [path]
 */
export function loadEngine(path = SIMD_WASM) {
  return Engine.load(readFileSync(path));
}

/** The four XOR points, y in {0, 1}. */
export const XOR = Object.freeze({
  x: Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1),
  y: Float32Array.of(0, 1, 1, 0),
});

/** A small spec every API test can start from: 2 → 4 tanh → 1 sigmoid, BCE. */
export const SMALL = Object.freeze({
  inputs: 2, layers: [4, 1], activations: ['tanh', 'sigmoid'], loss: 'bce', seed: 7,
});
