// main.jsx — a full page: one nnplay filling the window, the preset its HTML names
// (<main id="app" data-preset="mnist">; the playground by default). The query string is read
// once over the preset's settings (bad values become messages); where the preset keeps a
// permalink, the address is rewritten with replaceState on every change.

import { render } from 'preact';
import { Nnplay } from './components/nnplay/index.jsx';
import { PRESETS } from './presets/index.js';
import { parse, serialize } from './lib/settings.js';
import './page.css';

const app = document.getElementById('app');
const preset = PRESETS[app.dataset.preset ?? 'playground'];
const { state, errors } = parse(location.search, preset.settings);
const here = (/** @type {import('./lib/settings.js').State} */ s) => `${location.origin}${location.pathname}?${serialize(s)}`;
if (preset.permalink) history.replaceState(null, '', here(state));

render(
  <Nnplay preset={preset} initial={state} errors={errors} nav
    wasmUrl={new URL('nnplay.wasm', import.meta.url).href}
    workerUrl={new URL('worker.js', import.meta.url).href}
    permalink={preset.permalink ? here : undefined}
    onStateChange={preset.permalink ? (s) => history.replaceState(null, '', here(s)) : undefined} />,
  app,
);
