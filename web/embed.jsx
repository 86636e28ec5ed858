// embed.jsx — course pages embed nnplays with <div data-nnplay="dataset=xor&hidden=4,4"> (the
// same query string as the full page's URL) and this script; each div gets its own nnplay,
// worker and state. data-preset picks another preset than the playground, data-panels the
// panels to show (comma-separated). Bad attribute values show as messages in that widget only.

import { render } from 'preact';
import { Nnplay } from './components/nnplay/index.jsx';
import { PANELS } from './components/nnplay/panels.js';
import { PRESETS } from './presets/index.js';
import { parse, serialize } from './lib/settings.js';

const base = import.meta.url;
// In running text the settings and the sharing fold away under a disclosure.
const FOLD = ['settings', 'share'];

/** Mounts an nnplay into every [data-nnplay] element under root not yet mounted. */
export function mountAll(root = document) {
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-nnplay]'))) {
    if (el.dataset.nnplayMounted) continue;
    el.dataset.nnplayMounted = '1';
    const preset = PRESETS[el.dataset.preset ?? 'playground'];
    const { state, errors } = parse(el.dataset.nnplay, preset.settings);
    const asked = el.dataset.panels?.split(',').map((p) => p.trim()) ?? preset.panels;
    const panels = asked.filter((p) => Object.hasOwn(PANELS, p));
    if (panels.length < asked.length) errors.push(`Unknown panels ignored: ${asked.filter((p) => !panels.includes(p)).join(', ')}.`);
    render(
      <Nnplay preset={preset} initial={state} errors={errors} panels={panels} fold={FOLD} heading={false}
        wasmUrl={new URL('nnplay.wasm', base).href}
        workerUrl={new URL('worker.js', base).href}
        permalink={(s) => new URL(`${preset.href}?${serialize(s)}`, base).href} />,
      el,
    );
  }
}

mountAll();
