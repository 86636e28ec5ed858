// embed.jsx — course pages embed playgrounds with <div data-nnplay="dataset=xor&hidden=4,4">
// (the same query string as the full page's URL) and this script; each div gets its own
// playground, worker and state. Bad attribute values show as messages in that widget only.

import { render } from 'preact';
import { Playground } from './components/playground/index.jsx';
import { parse, serialize } from './state.js';

const base = import.meta.url;

/** Mounts a playground into every [data-nnplay] element under root not yet mounted. */
export function mountAll(root = document) {
  for (const el of root.querySelectorAll('[data-nnplay]')) {
    if (el.dataset.nnplayMounted) continue;
    el.dataset.nnplayMounted = '1';
    const { state, errors } = parse(el.dataset.nnplay);
    render(
      <Playground initial={state} initialErrors={errors} compact
        wasmUrl={new URL('nnplay.wasm', base).href}
        workerUrl={new URL('worker.js', base).href}
        permalink={(s) => new URL(`index.html?${serialize(s)}`, base).href} />,
      el,
    );
  }
}

mountAll();
