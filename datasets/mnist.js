// mnist.js — reads MNIST's IDX files (LeCun's format: big-endian header, magic 0x801 for
// labels, 0x803 for images) into pixel bytes and labels, checking every header field.
import { readFileSync } from 'node:fs';

function readIdx(path, wantMagic, wantDims) {
  const b = readFileSync(path);
  const fail = (what) => { throw new Error(`${path}: ${what}`); };
  if (b.length < 8) fail(`${b.length} bytes, too short for an IDX header`);
  const magic = b.readUInt32BE(0);
  if (magic !== wantMagic) fail(`magic 0x${magic.toString(16)}, want 0x${wantMagic.toString(16)}`);
  const dims = [];
  for (let i = 0; i < (magic & 0xff); i++) dims.push(b.readUInt32BE(4 + 4 * i));
  wantDims.forEach((d, i) => { if (d !== null && dims[i] !== d) fail(`dimension ${i} is ${dims[i]}, want ${d}`); });
  const start = 4 + 4 * dims.length;
  const size = dims.reduce((a, d) => a * d, 1);
  if (b.length !== start + size) fail(`${b.length} bytes, want ${start + size}`);
  return { dims, data: b.subarray(start) };
}

/** images (n*784 bytes, row-major 28x28, 0 = background) and labels (n bytes, 0..9). */
export function readMnist(imagesPath, labelsPath, n) {
  const images = readIdx(imagesPath, 0x803, [n, 28, 28]);
  const labels = readIdx(labelsPath, 0x801, [n]);
  const bad = labels.data.findIndex((l) => l > 9);
  if (bad >= 0) throw new Error(`${labelsPath}: label ${labels.data[bad]} at ${bad}, want 0..9`);
  return { pixels: images.data, labels: labels.data };
}
