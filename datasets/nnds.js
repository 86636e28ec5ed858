// nnds.js — writes the NNDS data-set format that csrc/dataset.c reads; docs/datasets.md is
// the specification. Little-endian throughout; every section starts 4-byte aligned.
// Deliberately no reader here: the C reader is the one that is tested and fuzzed.

export const MAGIC = 'NNDS';
export const VERSION = 1;
export const TASK = { classify: 0, regress: 1 };
export const XTYPE = { f32: 0, u8: 1 };
const HEADER_BYTES = 40;

/**
 * @param {object} s
 * @param {string} s.name            short name of the set ("mnist")
 * @param {'classify'|'regress'} s.task
 * @param {number} s.nTrain, s.nTest rows; the training rows come first
 * @param {string[]} s.featureNames
 * @param {string[]} s.labelNames    class names (classify) or target names (regress)
 * @param {Array<[number, number]>} s.featureStats  [mean, std] per feature: raw = stored*std + mean
 * @param {Array<[number, number]>} s.targetStats   the same per target (regress only, else [])
 * @param {Float32Array|Uint8Array} s.x  (nTrain+nTest, features), row-major
 * @param {Float32Array} s.y         (nTrain+nTest, targets): class index or standardized target
 * @returns {Buffer}
 */
export function encodeNnds(s) {
  const rows = s.nTrain + s.nTest;
  const nFeat = s.featureNames.length;
  const classify = s.task === 'classify';
  const nClasses = classify ? s.labelNames.length : 0;
  const nTargets = classify ? 1 : s.labelNames.length;
  const xType = s.x instanceof Uint8Array ? XTYPE.u8 : XTYPE.f32;
  if (s.x.length !== rows * nFeat) throw new Error(`${s.name}: x has ${s.x.length} values, want ${rows}*${nFeat}`);
  if (s.y.length !== rows * nTargets) throw new Error(`${s.name}: y has ${s.y.length} values, want ${rows}*${nTargets}`);
  if (s.featureStats.length !== nFeat) throw new Error(`${s.name}: ${s.featureStats.length} feature stats for ${nFeat} features`);
  if (s.targetStats.length !== (classify ? 0 : nTargets)) throw new Error(`${s.name}: wrong number of target stats`);

  const names = Buffer.from([s.name, ...s.featureNames, ...s.labelNames].map((t) => t + '\0').join(''), 'utf8');
  const namesPadded = (names.length + 3) & ~3;
  const stats = [...s.featureStats, ...s.targetStats];
  const xBytes = rows * nFeat * (xType === XTYPE.u8 ? 1 : 4);
  const xPadded = (xBytes + 3) & ~3;
  const total = HEADER_BYTES + namesPadded + stats.length * 8 + xPadded + rows * nTargets * 4;

  const buf = Buffer.alloc(total);   // zero-filled, so the padding is zeros
  let o = 0;
  const u32 = (v) => { buf.writeUInt32LE(v, o); o += 4; };
  const f32 = (v) => { buf.writeFloatLE(v, o); o += 4; };
  buf.write(MAGIC, 0, 'latin1'); o = 4;
  u32(VERSION); u32(TASK[s.task]); u32(s.nTrain); u32(s.nTest); u32(nFeat); u32(nClasses);
  u32(nTargets); u32(xType); u32(names.length);
  names.copy(buf, o); o += namesPadded;
  for (const [mean, std] of stats) { f32(mean); f32(std); }
  if (xType === XTYPE.u8) Buffer.from(s.x.buffer, s.x.byteOffset, s.x.byteLength).copy(buf, o);
  else for (let i = 0; i < s.x.length; i++) buf.writeFloatLE(s.x[i], o + 4 * i);
  o += xPadded;
  for (let i = 0; i < s.y.length; i++) buf.writeFloatLE(s.y[i], o + 4 * i);
  return buf;
}
