// main.jsx — the full page: one playground filling the window, its state in the address bar.
// The URL is read once (bad values become messages and defaults) and rewritten with
// replaceState on every change, so the address is always a permalink.

import { render } from 'preact';
import { Playground } from './components/playground/index.jsx';
import { PageNav } from './apps/components/shell/index.jsx';
import { parse, serialize } from './state.js';
import './page.css';

const { state, errors } = parse(location.search);
const here = (s) => `${location.origin}${location.pathname}?${serialize(s)}`;
history.replaceState(null, '', here(state));

render(
  <>
    <PageNav page="playground" />
    <Playground initial={state} initialErrors={errors} title="nnplay"
      wasmUrl={new URL('nnplay.wasm', import.meta.url).href}
      workerUrl={new URL('worker.js', import.meta.url).href}
      permalink={here}
      onStateChange={(s) => history.replaceState(null, '', here(s))} />
  </>,
  document.getElementById('app'),
);
