// csv-table.js — the user's CSV file to a training matrix, in three steps the page shows one
// by one: read (refuse what is not a CSV table, naming the line or the reason), describe (each
// column numeric or categorical, its missing values), encode (numeric columns standardized
// with the training rows' statistics, categorical ones one-hot, every missing value handled
// by a rule the page lists). In JavaScript because the engine reads only its own NNDS files:
// the matrix this makes goes to the engine as a DataSet. Papa Parse splits the text;
// everything here is pure and deterministic (the split comes from a seed), so Node tests
// drive it directly.

import Papa from 'papaparse';
import { mulberry32, shuffle } from '../lib/mulberry32.js';
import { MAX_BYTES, MIN_ROWS, MAX_LEVELS, MAX_CLASSES, MAX_ENCODED_BYTES } from '../lib/csv-rules.js';

const SNIFF_BYTES = 64 * 1024;
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);
const PROGRESS_ROWS = 8192; // rows between progress calls of the long loops

/** A refusal the page shows as it is; a malformed file, as the engine's NN_ERR_FORMAT. */
export class CsvError extends Error {
  code = 'NN_ERR_FORMAT';
}
/** @param {string} msg @returns {never} */
const refuse = (msg) => { throw new CsvError(msg); };

/** '1 row', '3 rows' @param {number} n @param {string} word */
const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** @param {number} bytes */
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Reads, checks and describes a file, reporting each step: {phase: 'reading' | 'parsing' |
 * 'describing', fraction}.
 * @param {File} file
 * @param {(fields: {phase: string, fraction: number}, last?: boolean) => void} report
 * @returns {Promise<{table: Table, cols: Column[]}>}
 */
export async function readCsv(file, report) {
  try {
    checkSize(file);
    report({ phase: 'reading', fraction: 0 }, true);
    const text = decodeText(new Uint8Array(await file.arrayBuffer()), file.name);
    const table = parseTable(text, (fraction) => report({ phase: 'parsing', fraction }));
    report({ phase: 'describing', fraction: 1 }, true);
    return { table, cols: describeColumns(table) };
  } catch (e) {
    if (e instanceof CsvError) throw e;
    throw new Error(`${file.name} could not be read: ${e.message}`);
  }
}

/**
 * Refuses a file before reading it: too big for the page to hold.
 * @param {{name: string, size: number}} file
 */
export function checkSize(file) {
  if (file.size === 0) refuse(`${file.name} is empty.`);
  if (file.size > MAX_BYTES) {
    refuse(`${file.name} is ${mb(file.size)}; this page reads CSV files up to ${mb(MAX_BYTES)}, ` +
      'because the table, its encoding and the training copy all live in the browser\'s memory.');
  }
}

/**
 * The file's bytes as text, or a refusal if they are not text: a NUL byte, or invalid UTF-8,
 * in the first 64 KB (images, spreadsheets, archives all have them early).
 * @param {Uint8Array} bytes
 * @param {string} name
 */
export function decodeText(bytes, name) {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const nul = head.indexOf(0);
  if (nul >= 0) refuse(`${name} is not a text file: byte ${nul} is 0x00 (a binary file such as a spreadsheet, image or archive?). Save it as CSV first.`);
  try {
    // a multi-byte character cut at the sniff boundary is not an error: decode up to a safe end
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, safeEnd(head)));
  } catch {
    refuse(`${name} is not UTF-8 text: its first ${mb(head.length)} hold bytes no text encoding of CSV would. Save it as CSV (UTF-8) first.`);
  }
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Length of `b` without a trailing incomplete UTF-8 sequence (at most 3 bytes). @param {Uint8Array} b */
function safeEnd(b) {
  let i = b.length;
  for (let k = 0; k < 3 && i > 0 && (b[i - 1] & 0xc0) === 0x80; k++) i--;
  if (i > 0 && b[i - 1] >= 0xc0) i--;
  return b.length - i > 3 ? b.length : i;
}

/**
 * @typedef {{header: string[], rows: string[][], lines: Int32Array, delimiter: string}} Table
 *   lines[i]: the file's line number (1-based) where data row i starts
 */

/**
 * Splits CSV text into a header and rows of equal width; refuses ragged rows and broken
 * quotes naming the line, a missing or duplicated header name, and too few rows.
 * @param {string} text
 * @param {string} text
 * @param {(fraction: number) => void} [onProgress]  told the share of the text parsed, now and then
 * @returns {Table}
 */
export function parseTable(text, onProgress) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {number[]} */
  const lines = [];
  /** @type {string[]} */
  let header = null;
  /** @type {string | null} */
  let firstError = null;
  let headerLine = 1, line = 1, scanned = 0, prevEnd = -1;
  let delimiter = ',';
  Papa.parse(text, {
    skipEmptyLines: false,
    step(r) {
      // this row starts after the previous row's end (Papa's cursor) and its newline
      for (; scanned <= prevEnd; scanned++) if (text.charCodeAt(scanned) === 10) line++;
      prevEnd = r.meta.cursor;
      delimiter = r.meta.delimiter;
      const e = r.errors.find((x) => x.type !== 'Delimiter');
      if (e && !firstError) {
        firstError = `line ${line}: ${e.code === 'MissingQuotes' ? 'a quoted field is never closed (a " without its partner)' : e.message}`;
      }
      const fields = /** @type {string[]} */ (r.data).map((f) => f.trim());
      if (fields.length === 1 && fields[0] === '') return; // a blank line
      if (!header) { header = fields; headerLine = line; } else { rows.push(fields); lines.push(line); }
      if (onProgress && rows.length % PROGRESS_ROWS === 0) onProgress(prevEnd / text.length);
    },
  });
  if (firstError) refuse(firstError);
  if (!header) refuse('The file holds no lines of text.');
  header.forEach((h, j) => { if (h === '') refuse(`line ${headerLine}: column ${j + 1} of the header has no name.`); });
  const seen = new Map();
  header.forEach((h, j) => {
    if (seen.has(h)) refuse(`The header names column '${h}' twice (columns ${seen.get(h) + 1} and ${j + 1}).`);
    seen.set(h, j);
  });
  rows.forEach((r, i) => {
    if (r.length !== header.length) {
      refuse(`line ${lines[i]} has ${r.length} field${r.length === 1 ? '' : 's'}, the header has ${header.length}. ` +
        'Every row needs one value per column (an empty one for a missing value).');
    }
  });
  if (rows.length < MIN_ROWS) {
    refuse(`The file has ${rows.length} data row${rows.length === 1 ? '' : 's'} under its header; training and testing need at least ${MIN_ROWS}.`);
  }
  return { header, rows, lines: Int32Array.from(lines), delimiter };
}

/** @param {string} v */
export const isMissing = (v) => MISSING.has(v.toLowerCase());

/**
 * @typedef {{name: string, kind: 'numeric'|'categorical', missing: number, firstMissing: number,
 *   levels: string[], example: string, exampleLine: number}} Column
 *   levels: distinct values of a categorical column, in order of appearance
 */

/**
 * Each column numeric (every present value a finite number) or categorical, with its missing count.
 * @param {Table} table
 * @returns {Column[]}
 */
export function describeColumns(table) {
  const cols = table.header.map(/** @returns {Column} */ (name, j) => {
    let missing = 0, firstMissing = -1, numeric = true, example = '', exampleLine = 0;
    /** @type {Map<string, number>} */
    const levels = new Map();
    table.rows.forEach((r, i) => {
      const v = r[j];
      if (isMissing(v)) {
        if (!missing) firstMissing = table.lines[i];
        missing++;
        return;
      }
      if (numeric && !Number.isFinite(Number(v))) { numeric = false; example = v; exampleLine = table.lines[i]; }
      if (levels.size <= MAX_LEVELS * 20) levels.set(v, (levels.get(v) ?? 0) + 1);
    });
    return { name, kind: numeric ? 'numeric' : 'categorical', missing, firstMissing, levels: [...levels.keys()], example, exampleLine };
  });
  if (!cols.some((c) => c.kind === 'numeric' && c.missing < table.rows.length)) {
    const c = cols[0];
    refuse(`No column holds numbers: every column has text in it (for instance '${c.example}' in column '${c.name}' on line ${c.exampleLine}). ` +
      'Is the delimiter right? This page read the file as separated by ' + (table.delimiter === '\t' ? 'tabs' : `'${table.delimiter}'`) + '.');
  }
  return cols;
}

/**
 * Mean and standard deviation of a numeric column, and the standardization (v - mean) / std, all
 * computed on the values divided by their largest magnitude, so that nothing overflows even near
 * the largest double (1e308 squared is infinite, and made every input NaN): the scaled values lie
 * in [-1, 1], and a standardized value is at most sqrt(n) in magnitude.
 * @param {number[]} v
 */
function moments(v) {
  const scale = v.reduce((m, a) => Math.max(m, Math.abs(a)), 0) || 1;
  const n = v.length;
  const ms = v.reduce((a, b) => a + b / scale, 0) / n;
  const ss = Math.sqrt(v.reduce((a, b) => a + (b / scale - ms) ** 2, 0) / n);
  return { mean: ms * scale, std: ss * scale, standardize: (/** @type {number} */ x) => (x / scale - ms) / ss };
}

/**
 * Refuses at once, before any encoding, a table whose inputs would not fit: rows times the
 * widest the columns can encode to (each numeric column one or two inputs, a categorical one its
 * levels, of which the training rows have at most as many).
 * @param {Column[]} cols @param {number} t the target's column @param {number} rows
 */
function checkEncodedSize(cols, t, rows) {
  const width = cols.reduce((w, c, j) => w + (j === t || c.missing === rows ? 0
    : c.kind === 'numeric' ? 1 + (c.missing > 0 ? 1 : 0)
      : c.levels.length > MAX_LEVELS ? 0 : c.levels.length + (c.missing > 0 ? 1 : 0)), 0);
  const bytes = 4 * rows * width;
  if (bytes <= MAX_ENCODED_BYTES) return;
  const wide = cols.filter((c, j) => j !== t && c.kind === 'categorical' && c.levels.length <= MAX_LEVELS)
    .sort((a, b) => b.levels.length - a.levels.length).slice(0, 3).map((c) => `'${c.name}' (${c.levels.length} levels)`);
  refuse(`Encoded, this table would be ${rows.toLocaleString('en')} rows × ${width.toLocaleString('en')} inputs, ` +
    `${mb(bytes)} of float32; this page holds ${mb(MAX_ENCODED_BYTES)}. At most ` +
    `${Math.floor(MAX_ENCODED_BYTES / 4 / width).toLocaleString('en')} rows of these columns fit` +
    (wide.length ? `; the widest one-hot columns are ${wide.join(', ')}.` : '.'));
}

/**
 * @typedef {{name: string, kind: string, handling: string, inputs: number, mean?: number, std?: number}} Handling
 * @typedef {{problem: 'classification'|'regression', x: Float32Array, y: Float32Array,
 *   nTrain: number, nTest: number, features: number, classes: number, featureNames: string[],
 *   classNames: string[], targetStats: {mean: number, std: number} | null, handling: Handling[],
 *   notes: string[]}} Encoded
 */

/**
 * The table as model-ready rows, training rows first.
 * @param {Table} table
 * @param {Column[]} cols from describeColumns
 * @param {{target: string, problem: 'classification'|'regression', testFraction?: number, seed?: number,
 *   onProgress?: (phase: 'fitting'|'encoding', fraction: number) => void}} opts  onProgress: told
 *   the share of columns fitted, then of rows encoded (each about half of the time)
 * @returns {Encoded}
 */
export function encodeTable(table, cols, opts) {
  const { target, problem, testFraction = 0.2, seed = 1, onProgress } = opts;
  const t = table.header.indexOf(target);
  if (t < 0) refuse(`There is no column '${target}'.`);
  const tc = cols[t], notes = [];
  if (problem === 'regression' && tc.kind !== 'numeric') {
    refuse(`'${target}' has text values ('${tc.example}' on line ${tc.exampleLine}): a regression needs a numeric target. Choose classification, or another column.`);
  }

  // rows with a target; the others cannot be learned from and are dropped, visibly
  /** @type {number[]} rows with a target */
  const keep = [];
  table.rows.forEach((r, i) => { if (!isMissing(r[t])) keep.push(i); });
  if (keep.length < table.rows.length) {
    notes.push(`${count(table.rows.length - keep.length, 'row')} without a value for '${target}' left out (first: line ${tc.firstMissing}).`);
  }
  if (keep.length < MIN_ROWS) refuse(`Only ${keep.length} rows have a value for '${target}'; training and testing need at least ${MIN_ROWS}.`);
  checkEncodedSize(cols, t, keep.length);

  /** @type {string[]} */
  let classNames = [];
  if (problem === 'classification') {
    const present = [...new Set(keep.map((i) => table.rows[i][t]))];
    classNames = tc.kind === 'numeric' ? present.sort((a, b) => Number(a) - Number(b)) : present.sort();
    if (classNames.length < 2) refuse(`'${target}' has only one value ('${classNames[0]}'): there is nothing to classify.`);
    if (classNames.length > MAX_CLASSES) {
      refuse(`'${target}' has ${classNames.length} different values; classification here takes at most ${MAX_CLASSES} classes.` +
        (tc.kind === 'numeric' ? ' Choose regression for a numeric target.' : ''));
    }
  }

  // seeded split: shuffle the kept rows, the first testFraction are the test rows
  const order = shuffle(keep.slice(), mulberry32(seed));
  const nTest = Math.max(1, Math.round(order.length * testFraction));
  const test = order.slice(0, nTest), train = order.slice(nTest);
  const rowsOrdered = [...train, ...test];

  // one encoder per feature column, fitted on the training rows only
  /** @type {Handling[]} */
  const handling = [];
  /** @type {{names: string[], put: (row: string[], out: Float32Array, o: number) => void}[]} */
  const encoders = [];
  cols.forEach((c, j) => {
    onProgress?.('fitting', j / cols.length);
    if (j === t) return;
    /** @param {number[]} rows */
    const values = (rows) => rows.map((i) => table.rows[i][j]);
    if (c.missing === table.rows.length) {
      handling.push({ name: c.name, kind: c.kind, handling: 'left out: every value is missing', inputs: 0 });
      return;
    }
    if (c.kind === 'numeric') {
      const present = values(train).filter((v) => !isMissing(v)).map(Number);
      if (!present.length) {
        handling.push({ name: c.name, kind: c.kind, handling: 'left out: missing in every training row', inputs: 0 });
        return;
      }
      const { mean, std, standardize } = moments(present);
      if (std === 0) {
        handling.push({ name: c.name, kind: c.kind, handling: `left out: the same value (${mean}) in every training row`, inputs: 0 });
        return;
      }
      const flag = c.missing > 0;
      handling.push({
        name: c.name, kind: c.kind, mean, std, inputs: flag ? 2 : 1,
        handling: flag ? `standardized; ${count(c.missing, 'missing value')} (first: line ${c.firstMissing}) set to the training mean, and an input '${c.name} missing' is 1 there`
          : 'standardized: (x − mean) / std',
      });
      encoders.push({ names: flag ? [c.name, `${c.name} missing`] : [c.name], put(row, out, o) {
        const v = row[j], miss = isMissing(v);
        out[o] = miss ? 0 : standardize(Number(v));
        if (flag) out[o + 1] = miss ? 1 : 0;
      } });
      return;
    }
    const levels = [...new Set(values(train).filter((v) => !isMissing(v)))];
    if (levels.length > MAX_LEVELS) {
      handling.push({ name: c.name, kind: c.kind, handling: `left out: ${levels.length} different values in the training rows (an id or free text?); one-hot takes at most ${MAX_LEVELS}`, inputs: 0 });
      return;
    }
    const flag = c.missing > 0, index = new Map(levels.map((l, k) => [l, k]));
    const width = levels.length + (flag ? 1 : 0);
    handling.push({
      name: c.name, kind: c.kind, inputs: width,
      handling: `one-hot over ${levels.length} levels` + (flag ? `; ${count(c.missing, 'missing value')} (first: line ${c.firstMissing}) with their own input '${c.name} missing'` : '') +
        '; a level only the test rows have sets no input',
    });
    encoders.push({ names: [...levels.map((l) => `${c.name}=${l}`), ...(flag ? [`${c.name} missing`] : [])], put(row, out, o) {
      const v = row[j];
      for (let k = 0; k < width; k++) out[o + k] = 0;
      if (isMissing(v)) { if (flag) out[o + levels.length] = 1; return; }
      const k = index.get(v);
      if (k !== undefined) out[o + k] = 1;
    } });
  });
  const featureNames = encoders.flatMap((e) => e.names);
  const features = featureNames.length;
  if (!features) refuse(`Apart from '${target}', no column can be used: ${handling.map((h) => `${h.name} (${h.handling})`).join('; ')}.`);

  const n = rowsOrdered.length, x = new Float32Array(n * features), y = new Float32Array(n);
  let targetStats = null, standardizeTarget = (/** @type {number} */ v) => v;
  if (problem === 'regression') {
    const m = moments(train.map((i) => Number(table.rows[i][t])));
    if (m.std > 0) standardizeTarget = m.standardize;
    targetStats = { mean: m.mean, std: m.std || 1 };
  }
  const classIndex = new Map(classNames.map((c, k) => [c, k]));
  rowsOrdered.forEach((i, r) => {
    const row = table.rows[i];
    let o = r * features;
    for (const e of encoders) { e.put(row, x, o); o += e.names.length; }
    y[r] = problem === 'regression' ? standardizeTarget(Number(row[t])) : classIndex.get(row[t]);
    if (onProgress && r % PROGRESS_ROWS === 0) onProgress('encoding', r / n);
  });
  // Statistics come from the training rows only, so a test row's value may standardize beyond
  // what float32 holds: refused by column and line rather than trained on as infinity.
  const bad = x.findIndex((v) => !Number.isFinite(v)), badY = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0 || badY >= 0) {
    const [r, name] = bad >= 0 ? [Math.floor(bad / features), featureNames[bad % features]] : [badY, target];
    const line = table.lines[rowsOrdered[r]];
    refuse(`Column '${name}' on line ${line}: the value lies too far from the training rows' to be standardized into a float32 number.`);
  }
  return {
    problem, x, y, nTrain: train.length, nTest, features,
    classes: problem === 'classification' ? classNames.length : 0, featureNames, classNames, targetStats,
    handling, notes,
  };
}
