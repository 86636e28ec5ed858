// Mutation fuzzing of the page's own parsers, seeded so every run is the same: the URL and
// attribute settings parser, the model file reader and the CSV reader and encoder. Each input
// is a file of tests/fuzz/js/<target>/ mutated a few times (bytes flipped, inserted, deleted,
// repeated, or tokens of the format spliced in). Each call must return a result that keeps the
// parser's promises or throw the parser's own clear error; a TypeError, a RangeError or any
// other error is a defect. An input that fails is written to build/fuzz-js/ to be added to
// tests/fuzz/js/<target>/, where it is replayed on every run.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../../web/lib/mulberry32.js';
import { parse, serialize, SETTINGS } from '../../web/lib/settings.js';
import { readModelFile } from '../../web/lib/model-file.js';
import { decodeText, parseTable, describeColumns, encodeTable, CsvError } from '../../web/worker/csv-table.js';

const CORPUS = fileURLToPath(new URL('../fuzz/js/', import.meta.url));
const OUT = fileURLToPath(new URL('../../build/fuzz-js/', import.meta.url));
const RUNS = Number(process.env.NNPLAY_FUZZ_RUNS ?? 30000); // mutated inputs per target; the seeds run unmutated first

/** @param {string} target @returns {Uint8Array[]} */
const seeds = (target) => readdirSync(`${CORPUS}${target}`).sort()
  .map((f) => new Uint8Array(readFileSync(`${CORPUS}${target}/${f}`)));

/**
 * A few random edits of `input`: flips, inserts, deletes, repeats, and spliced tokens.
 * @param {Uint8Array} input @param {() => number} next @param {Uint8Array[]} tokens
 */
function mutate(input, next, tokens) {
  let b = Array.from(input);
  const at = () => Math.floor(next() * (b.length + 1));
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const i = at(), kind = Math.floor(next() * 6);
    if (kind === 0 && b.length) b[Math.min(i, b.length - 1)] ^= 1 << Math.floor(next() * 8);
    else if (kind === 1) b.splice(i, 0, Math.floor(next() * 256));
    else if (kind === 2) b.splice(i, 1 + Math.floor(next() * 8));
    else if (kind === 3) { const j = at(); b.splice(i, 0, ...b.slice(Math.min(i, j), Math.max(i, j)).slice(0, 4096)); }
    else b.splice(i, 0, ...tokens[Math.floor(next() * tokens.length)]);
  }
  return Uint8Array.from(b);
}

const enc = new TextEncoder(), dec = new TextDecoder();
const words = (list) => list.map((w) => enc.encode(w));

/**
 * Runs check on every seed and on RUNS mutations of them; the first failure fails the test
 * with the input saved.
 * @param {string} target @param {string[]} tokens @param {(input: Uint8Array) => void} check
 */
function fuzz(target, tokens, check) {
  const next = mulberry32(0x5eed), base = seeds(target), dict = words(tokens);
  assert.ok(base.length > 0, `no seeds in tests/fuzz/js/${target}/`);
  const inputs = function* () {
    yield* base;
    for (let r = 0; r < RUNS; r++) yield mutate(base[r % base.length], next, dict);
  };
  let n = 0;
  for (const input of inputs()) {
    n++;
    try {
      check(input);
    } catch (e) {
      mkdirSync(OUT, { recursive: true });
      const file = `${OUT}${target}-${n}`;
      writeFileSync(file, input);
      throw new Error(`${target}: input ${n} (saved as ${file}) failed: ${e.stack}`);
    }
  }
  console.log(`fuzz ${target}: ${n} inputs (${base.length} seeds), none failed`);
}

/** fn must return, or throw an error that `clear` accepts (the parser's own, with a message). */
function returnsOrRefuses(fn, clear) {
  try {
    return fn();
  } catch (e) {
    if (!clear(e)) throw e;
    assert.ok(e.message.length > 0 && e.message.length < 2000, `an unclear message: ${e.message}`);
    return null;
  }
}

test('the settings parser: any query string gives valid settings that round-trip, and never throws', () => {
  const keys = SETTINGS.map((r) => r.key);
  fuzz('url', ['&', '=', '%', '%00', '%E0%A4', ',', ';', '?', '#', '+', 'NaN', 'Infinity', '1e309', '-0', '0x10',
    '__proto__', 'constructor', ...keys, ...keys.map((k) => `${k}=`)], (input) => {
    const { state, errors } = parse(dec.decode(input));
    assert.ok(Array.isArray(errors) && errors.every((e) => typeof e === 'string'));
    const again = parse(serialize(state));
    assert.deepEqual(again.errors, [], 'the settings a parse gives serialize to a clean query');
    assert.deepEqual(again.state, state);
  });
});

test('the model file reader: any text is read into finite weights and valid settings, or refused', () => {
  fuzz('model', ['{', '}', '[', ']', '"', ',', ':', 'null', 'true', '1e999', '-1e39', 'NaN', '"params"', '"bnState"',
    '"settings"', '"version"', '"format"', '"nnplay-model"', '\\u0000', '"__proto__"'], (input) => {
    const r = returnsOrRefuses(() => readModelFile(dec.decode(input)),
      (e) => e.constructor === Error && e.message.startsWith('Import: '));
    if (!r) return;
    assert.ok(r.params.every(Number.isFinite));
    assert.ok(r.bnState === null || r.bnState.every(Number.isFinite));
    assert.deepEqual(parse(serialize(r.state)).errors, []);
  });
});

test('the CSV reader and encoder: any bytes become finite inputs of the described shape, or a CsvError', () => {
  fuzz('csv', [',', ';', '\t', '\n', '\r\n', '"', '""', 'NA', '?', '', '1e308', '-1e308', '1e400', '0', '-', '.5',
    'yes', 'no', '\u00e9', '\ufeff'], (input) => {
    const csv = (/** @type {any} */ e) => e instanceof CsvError;
    const table = returnsOrRefuses(() => parseTable(decodeText(input, 'fuzz.csv')), csv);
    if (!table) return;
    const cols = returnsOrRefuses(() => describeColumns(table), csv);
    if (!cols) return;
    assert.equal(cols.length, table.header.length);
    // the last column as the target, each way it may be learned
    for (const problem of /** @type {const} */ (['classification', 'regression'])) {
      const e = returnsOrRefuses(() => encodeTable(table, cols, { target: table.header.at(-1), problem }), csv);
      if (!e) continue;
      const n = e.nTrain + e.nTest;
      assert.equal(e.x.length, n * e.features);
      assert.equal(e.y.length, n);
      assert.ok(e.x.every(Number.isFinite), 'every input finite');
      assert.ok(e.y.every(Number.isFinite), 'every target finite');
      if (problem === 'classification') assert.ok(e.y.every((v) => Number.isInteger(v) && v >= 0 && v < e.classes));
    }
  });
});
