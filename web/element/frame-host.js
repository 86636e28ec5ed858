// frame-host.js — for a page with nnplay iframes (embed.html): each one's height follows its
// content. Only a message from one of this page's iframes, from that iframe's own origin, is
// obeyed. Load it with <script src=".../frame-host.js"></script>, or copy it into your own.
addEventListener('message', (e) => {
  const h = e.data?.source === 'nnplay' && e.data.type === 'size' ? Number(e.data.height) : NaN;
  if (!(h >= 50 && h <= 20000)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === e.source && new URL(frame.src, location.href).origin === e.origin) frame.style.height = `${h}px`;
  }
});
