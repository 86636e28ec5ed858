// inline-css.js — puts a bundle's CSS into its JS as one string, for the element's constructed
// stylesheet (web/element/index.jsx), in place of the one '__NNPLAY_CSS__' literal.
//   node scripts/inline-css.js <in.js> <in.css> <out.js>
import { readFileSync, writeFileSync } from 'node:fs';

const [js, css, out] = process.argv.slice(2);
const code = readFileSync(js, 'utf8');
const parts = code.split(/(["'])__NNPLAY_CSS__\1/);
if (parts.length !== 3) throw new Error(`inline-css: ${js} must hold the placeholder exactly once (found ${(parts.length - 1) / 2})`);
writeFileSync(out, parts[0] + JSON.stringify(readFileSync(css, 'utf8')) + parts[2]);
