// nnds.js — the page's reader of NNDS data-set files (the format datasets/nnds.js writes and
// csrc/dataset.c reads; the wasm module does not export that reader, so the pages read the
// few fields they need here). It checks the header and every length before it makes a view,
// so a truncated or foreign file is refused with the field that is wrong, not read as garbage.

const HEADER_BYTES = 40;
const MAGIC = 'NNDS';
const TASKS = ['classify', 'regress'];

/**
 * @typedef {object} Nnds
 * @property {string} name
 * @property {'classify'|'regress'} task
 * @property {number} nTrain
 * @property {number} nTest
 * @property {number} features
 * @property {string[]} featureNames
 * @property {string[]} labelNames   class names (classify) or target names (regress)
 * @property {Float32Array} stats    (features + regression targets) × [mean, std]
 * @property {Uint8Array | Float32Array} x  (nTrain + nTest, features); u8 means byte/255
 * @property {Float32Array} y        (nTrain + nTest, targets)
 * @property {number} targets        values per row in y (1 for classification)
 */

/**
 * @param {ArrayBuffer} buf  the whole file
 * @returns {Nnds}
 */
export function readNnds(buf) {
  const fail = (why) => { throw new Error(`NNDS file: ${why}`); };
  if (buf.byteLength < HEADER_BYTES) fail(`${buf.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  const dv = new DataView(buf);
  const magic = String.fromCharCode(...new Uint8Array(buf, 0, 4));
  if (magic !== MAGIC) fail(`magic is '${magic}', want '${MAGIC}'`);
  const u32 = (i) => dv.getUint32(4 + 4 * i, true);
  const [version, task, nTrain, nTest, features, classes, targets, xType, namesBytes] =
    Array.from({ length: 9 }, (_, i) => u32(i));
  if (version !== 1) fail(`version ${version}, this page reads version 1`);
  if (task > 1) fail(`task ${task} is neither 0 (classify) nor 1 (regress)`);
  if (xType > 1) fail(`x type ${xType} is neither 0 (f32) nor 1 (u8)`);
  if (nTrain < 1 || features < 1 || targets < 1) fail(`counts train ${nTrain}, features ${features}, targets ${targets}`);
  const rows = nTrain + nTest;
  const regress = task === 1;
  const nStats = features + (regress ? targets : 0);
  const pad4 = (n) => Math.ceil(n / 4) * 4;
  const xBytes = rows * features * (xType === 1 ? 1 : 4);
  const need = HEADER_BYTES + pad4(namesBytes) + 8 * nStats + pad4(xBytes) + 4 * rows * targets;
  if (buf.byteLength !== need) fail(`${buf.byteLength} bytes, the header's counts need ${need}`);

  const names = new TextDecoder().decode(new Uint8Array(buf, HEADER_BYTES, namesBytes)).split('\0');
  const nNames = 1 + features + (regress ? targets : classes);
  if (names.length !== nNames + 1 || names[nNames] !== '') fail(`names block holds ${names.length - 1} names, want ${nNames}`);
  let o = HEADER_BYTES + pad4(namesBytes);
  const stats = new Float32Array(buf.slice(o, o + 8 * nStats));
  o += 8 * nStats;
  const x = xType === 1 ? new Uint8Array(buf, o, xBytes) : new Float32Array(buf.slice(o, o + xBytes));
  o += pad4(xBytes);
  const y = new Float32Array(buf.slice(o, o + 4 * rows * targets));
  return {
    name: names[0], task: /** @type {any} */ (TASKS[task]), nTrain, nTest, features,
    featureNames: names.slice(1, 1 + features), labelNames: names.slice(1 + features, nNames),
    stats, x, y, targets,
  };
}
