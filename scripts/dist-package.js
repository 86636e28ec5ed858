// dist-package.js — the package.json of build/dist/ (mk/dist.mk): the element's package, named
// and versioned as the repository's package.json says.
//   node scripts/dist-package.js <out>
import { readFileSync, writeFileSync } from 'node:fs';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const pkg = {
  name: root.name,
  version: root.version,
  description: '<nn-playground>: a neural network that trains in the browser, for any web page (WebAssembly, Web Worker, shadow DOM).',
  type: 'module',
  main: './nnplay.js',
  exports: {
    '.': './nnplay.js',
    './worker.js': './worker.js',
    './nnplay.wasm': './nnplay.wasm',
    './embed.html': './embed.html',
    './frame-host.js': './frame-host.js',
    './package.json': './package.json',
  },
  // Loading nnplay.js defines the element.
  sideEffects: true,
  files: ['nnplay.js', 'worker.js', 'nnplay.wasm', 'embed.html', 'frame.js', 'frame-host.js', 'data/'],
  keywords: ['neural-network', 'web-component', 'custom-element', 'webassembly', 'education', 'playground'],
};
writeFileSync(process.argv[2], `${JSON.stringify(pkg, null, 2)}\n`);
