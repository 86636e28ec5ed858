// frame.js — the iframe form, embed.html#dataset=xor&locked=lr: one <nn-playground> told
// everything by the page's own address (the fragment, which never reaches a server, or the
// query), for hosts that cannot load modules. It tells the parent window its height, so the
// iframe can fit it (frame-host.js), and the element's events, as {source: 'nnplay', type,
// ...}; it obeys {source: 'nnplay', call: 'play' | 'pause' | 'reset'} from the parent window
// only, and only from the parent's origin when the browser says which it is.

const el = document.createElement('nn-playground');
el.setAttribute('config', (location.hash || location.search).slice(1));
document.body.style.margin = '0';
document.body.append(el);

const ancestor = location.ancestorOrigins?.[0] ?? (document.referrer ? new URL(document.referrer).origin : '');
/** @param {Record<string, any>} msg */
const tell = (msg) => { if (parent !== window) parent.postMessage({ source: 'nnplay', ...msg }, ancestor || '*'); };

new ResizeObserver(() => tell({ type: 'size', height: Math.ceil(el.getBoundingClientRect().height) })).observe(el);
for (const type of ['ready', 'play', 'pause', 'epoch', 'stopped', 'change']) {
  el.addEventListener(type, (e) => tell({ type, detail: /** @type {CustomEvent} */ (e).detail }));
}
const CALLS = ['play', 'pause', 'reset'];
addEventListener('message', (e) => {
  if (e.source !== parent || (ancestor && e.origin !== ancestor)) return;
  const call = e.data?.source === 'nnplay' ? e.data.call : null;
  if (CALLS.includes(call)) /** @type {any} */ (el)[call]();
});
