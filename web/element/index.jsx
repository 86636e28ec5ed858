// <nn-playground> — the nnplay as a custom element, for course pages on any origin: one ES
// module (this, bundled as nnplay.js) beside worker.js, nnplay.wasm and data/. Each element
// renders one Nnplay into its own open shadow root, styled by one constructed stylesheet (so
// a strict style-src needs nothing, and neither side's CSS reaches the other), with its own
// worker, and pauses while it is off screen. What it is told: ./options.js. The old
// <div data-nnplay="query" data-preset data-panels> becomes an element inside the div.

import { render } from 'preact';
import { Nnplay } from '../components/nnplay/index.jsx';
import { PANELS } from '../components/nnplay/panels.js';
import { PRESETS } from '../presets/index.js';
import { SETTINGS, serialize } from '../lib/settings.js';
import { OPTIONS, readOptions, checkPatch } from './options.js';

// The components' styles, put here by the build (mk/web.mk) as one string.
const CSS = '__NNPLAY_CSS__';
// Inside, the host page's inherited styles (its font, colour, spacing) stop at the root, which
// starts again from CSS's initial values; the components' rules then set what they want.
const RESET = ':host { display: block; } .nnp-height { overflow: auto; } .nnp { all: initial; }';
// In running text the settings and the sharing fold away under a disclosure.
const FOLD = ['settings', 'share'];
const BASE = import.meta.url;

/** @type {CSSStyleSheet | null} one for every element of the page; never changed once made */
let sheet = null;

export class NnPlayground extends HTMLElement {
  static get observedAttributes() {
    return [...OPTIONS.map((o) => o.name), ...SETTINGS.map((r) => r.key), ...SETTINGS.map((r) => r.key.replaceAll('_', ''))];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(RESET + CSS); }
    root.adoptedStyleSheets = [sheet];
    /** @type {import('../components/nnplay/index.jsx').Api} */
    this.api = {};
    this.mounted = false;
    this.remounting = false;
    this.isPlaying = false;
    this.resumeOnScreen = false;
    this.onScreen = false;
    /** @type {import('./options.js').Read | null} */
    this.options = null;
    this.visibility = new IntersectionObserver(([e]) => this.seen(e.isIntersecting));
  }

  connectedCallback() {
    // Parsed children (the JSON settings) are all there once the document is.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => this.mount(), { once: true });
    else this.mount();
  }

  disconnectedCallback() {
    this.visibility.disconnect();
    render(null, /** @type {ShadowRoot} */ (this.shadowRoot));
    this.mounted = false;
  }

  attributeChangedCallback() {
    // A change after mounting starts the widget again from what it is told now (once for a
    // batch of changes).
    if (!this.mounted || this.remounting) return;
    this.remounting = true;
    queueMicrotask(() => {
      this.remounting = false;
      if (!this.mounted) return;
      render(null, /** @type {ShadowRoot} */ (this.shadowRoot));
      this.mount();
    });
  }

  mount() {
    if (!this.isConnected) return;
    this.mounted = true;
    const script = this.querySelector(':scope > script[type="application/json"]');
    const o = readOptions({
      config: this.getAttribute('config'), json: script ? script.textContent : null,
      attrs: [...this.attributes].map((a) => [a.name, a.value]),
    }, PRESETS, Object.keys(PANELS));
    const preset = PRESETS[o.preset];
    this.options = o;
    this.api = {};
    this.isPlaying = false;
    const fold = o.fields ? FOLD.filter((p) => p !== 'settings') : FOLD;
    const nnplay = (
      <Nnplay preset={preset} initial={o.state} errors={o.errors} panels={o.panels.length ? o.panels : preset.panels}
        fold={fold} heading={false} locked={o.locked} fields={o.fields} api={this.api}
        wasmUrl={new URL('nnplay.wasm', BASE).href} workerUrl={new URL('worker.js', BASE).href}
        permalink={(s) => new URL(`${preset.href}?${serialize(s)}`, BASE).href}
        onStateChange={(state) => this.tell('change', { state: { ...state } })}
        onEvent={(type, detail) => this.heard(type, detail)} />
    );
    render(o.height ? <div class="nnp-height" style={{ height: o.height }}>{nnplay}</div> : nnplay,
      /** @type {ShadowRoot} */ (this.shadowRoot));
    this.visibility.disconnect();
    this.visibility.observe(this);
  }

  /** @param {string} type @param {Record<string, any>} detail */
  heard(type, detail) {
    if (type === 'play') this.isPlaying = true;
    if (type === 'pause' || type === 'stopped') this.isPlaying = false;
    if (type === 'ready' && this.options?.autoplay) {
      if (this.onScreen) this.api.play?.(); else this.resumeOnScreen = true;
    }
    this.tell(type, type === 'pause' ? { offscreen: this.resumeOnScreen } : detail);
  }

  /** Off screen it pauses, and plays again when it is back. @param {boolean} visible */
  seen(visible) {
    this.onScreen = visible;
    if (!visible && this.isPlaying) {
      this.resumeOnScreen = true;
      this.api.pause?.();
    } else if (visible && this.resumeOnScreen) {
      this.resumeOnScreen = false;
      this.api.play?.();
    }
  }

  /** @param {string} type @param {Record<string, any>} detail */
  tell(type, detail) { this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true })); }

  play() { this.resumeOnScreen = false; this.api.play?.(); }
  pause() { this.resumeOnScreen = false; this.api.pause?.(); }
  reset() { this.api.reset?.(); }
  get playing() { return this.isPlaying; }

  /** A copy of the settings. */
  get state() { return structuredClone(this.api.state?.() ?? this.options?.state ?? null); }

  /** Changes the settings named; throws, changing nothing, on a refused one. @param {Record<string, any>} patch */
  set state(patch) {
    const checked = checkPatch(patch);
    if (!this.api.setState) throw new Error('nn-playground: not on a page yet; set state once it is connected');
    this.api.setState(checked);
  }
}

/** <div data-nnplay="dataset=xor" data-preset="…" data-panels="…">: an element inside each. */
function upgradeDivs() {
  for (const div of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-nnplay]'))) {
    if (div.querySelector(':scope > nn-playground')) continue;
    const el = document.createElement('nn-playground');
    el.setAttribute('config', div.dataset.nnplay ?? '');
    if (div.dataset.preset) el.setAttribute('preset', div.dataset.preset);
    if (div.dataset.panels) el.setAttribute('controls', div.dataset.panels);
    div.append(el);
  }
}

if (!customElements.get('nn-playground')) customElements.define('nn-playground', NnPlayground);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', upgradeDivs, { once: true });
else upgradeDivs();
