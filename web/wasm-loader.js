/**
 * wasm-loader.js — instantiates nnplay.wasm, a standalone module built with
 * `--no-entry -sSTANDALONE_WASM` (mk/wasm.mk), without Emscripten's JS glue, so the same code
 * runs in Node, a page and a Web Worker. It supplies the few imports the runtime may ask for
 * and runs the module's constructors; it knows nothing of the engine API (web/engine.js).
 */

/** ENOSYS in WASI's numbering: the answer to every file-system call, since the core makes none. */
const WASI_ENOSYS = 52;

/**
 * The imports a standalone Emscripten module can ask for. The core neither prints nor exits,
 * so these only have to exist; proc_exit throws so that an abort could never pass silently.
 */
export const IMPORTS = Object.freeze({
  env: {
    // engine.js builds every typed-array view on demand, so after growth there is nothing to refresh.
    emscripten_notify_memory_growth() {},
  },
  wasi_snapshot_preview1: {
    /** @param {number} code */
    proc_exit(code) {
      throw new Error(`nnplay.wasm called proc_exit(${code})`);
    },
    fd_write() { return WASI_ENOSYS; },
    fd_close() { return WASI_ENOSYS; },
    fd_seek() { return WASI_ENOSYS; },
  },
});

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/**
 * The module's bytes from a URL (browser, or http(s) in Node), a file path or file: URL (Node),
 * or bytes already in hand.
 * @param {string | URL | ArrayBuffer | ArrayBufferView} source
 * @returns {Promise<ArrayBuffer | ArrayBufferView>}
 */
async function readBytes(source) {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source;
  const url = source instanceof URL ? source : null;
  const remote = url ? url.protocol !== 'file:' : /^(https?|blob|data):/i.test(String(source));
  if (isNode && !remote) {
    // A computed specifier keeps browser bundlers from trying to resolve a Node built-in.
    const fsName = 'node:fs/promises';
    const fs = await import(/* @vite-ignore */ fsName);
    return fs.readFile(source);
  }
  const response = await fetch(source);
  if (!response.ok) throw new Error(`nnplay.wasm: fetching ${source} failed: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/**
 * Compiles and instantiates the module and runs its constructors (`_initialize`).
 * @param {string | URL | ArrayBuffer | ArrayBufferView | WebAssembly.Module} source
 * @returns {Promise<WebAssembly.Instance>}
 */
export async function instantiate(source) {
  const module = source instanceof WebAssembly.Module
    ? source
    : await WebAssembly.compile(await readBytes(source));
  const instance = await WebAssembly.instantiate(module, IMPORTS);
  /** @type {() => void} */ (instance.exports._initialize)();
  return instance;
}
