// worker.js — the entry point of every page's Web Worker: it owns one engine (one wasm
// instance and context) and speaks the protocol in worker/host.js.
import { Engine } from './engine.js';
import { createHost } from './worker/host.js';

createHost(self, (wasm) => Engine.load(wasm));
