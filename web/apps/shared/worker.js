// worker.js — the entry point of a real-data page's Web Worker: one engine (one wasm instance
// and context), speaking the protocol in apps/shared/host.js.
import { Engine } from '../../engine.js';
import { createHost } from './host.js';

createHost(self, (wasm) => Engine.load(wasm));
