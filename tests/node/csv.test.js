// The CSV importer of the "your own data" page (web/worker/csv-table.js): a malformed file is
// refused with the line or the reason; a good one becomes the matrix the worker trains on —
// standardized with training statistics only, one-hot, missing values handled by the listed
// rules, split from a seed — and a network learns a planted rule from it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkSize, decodeText, parseTable, describeColumns, encodeTable, CsvError } from '../../web/worker/csv-table.js';
import { suggestProblem, MAX_BYTES, MIN_ROWS, MAX_ENCODED_BYTES } from '../../web/lib/csv-rules.js';
import { Session } from '../../web/worker/session.js';
import { csvSource } from '../../web/worker/sources/table.js';
import { defaults } from '../../web/lib/settings.js';
import { loadEngine } from './engine-util.js';

const bytes = (s) => new TextEncoder().encode(s);
const rows = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');
/** Asserts fn throws a CsvError whose message matches every pattern. */
function refused(fn, ...patterns) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof CsvError, `not a CsvError: ${e}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}
const read = (text) => {
  const table = parseTable(text);
  return { table, cols: describeColumns(table) };
};

test('a 200 MB file and an empty one are refused before reading, naming the size', () => {
  refused(() => checkSize({ name: 'big.csv', size: 200 * 1024 * 1024 }), /big\.csv is 200\.0 MB/, /up to 50\.0 MB/);
  refused(() => checkSize({ name: 'e.csv', size: 0 }), /e\.csv is empty/);
  checkSize({ name: 'ok.csv', size: MAX_BYTES });
});

test('binary garbage is refused: a NUL byte (with its offset), or bytes that are not UTF-8', () => {
  const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13);
  refused(() => decodeText(png, 'photo.csv'), /photo\.csv is not a text file: byte 8 is 0x00/);
  const latin = Uint8Array.from([...bytes('a,b\n'), 0xff, 0xfe, 0x41, 0x2c, 0x31]);
  refused(() => decodeText(latin, 'x.csv'), /x\.csv is not UTF-8 text/);
  // a UTF-8 character cut at the 64 KB sniff boundary is still text
  const long = bytes(`${'a'.repeat(65535)}é,1`);
  assert.equal(decodeText(long, 'ok.csv').length, 65535 + 3);
  assert.equal(decodeText(bytes('\uFEFFa,b'), 'bom.csv'), 'a,b', 'the byte-order mark is dropped');
});

test('a ragged row is refused naming its line, counted past blank lines and quoted newlines', () => {
  const text = `a,b,c\n1,x,3\n\n"multi\nline",y,4\n${rows(10, (i) => `${i},z,${i}`)}\n5,6\n`;
  refused(() => parseTable(text), /^line 16 has 2 fields, the header has 3\./);
  refused(() => parseTable(`a,b\n${rows(12, (i) => `${i},${i}`)}\n1,2,3`), /^line 14 has 3 fields/);
});

test('an unclosed quote, a nameless or repeated header column are refused', () => {
  refused(() => parseTable(`a,b\n1,2\n3,"4\n${rows(12, (i) => `${i},${i}`)}`), /^line 3: a quoted field is never closed/);
  refused(() => parseTable(`a,,c\n${rows(12, (i) => `${i},${i},${i}`)}`), /line 1: column 2 of the header has no name/);
  refused(() => parseTable(`a,b,a\n${rows(12, (i) => `${i},${i},${i}`)}`), /names column 'a' twice \(columns 1 and 3\)/);
});

test('a file with 1 row, or none, is refused with the count', () => {
  refused(() => parseTable('a,b\n1,2\n'), /has 1 data row under its header; .* at least 10/);
  refused(() => parseTable('a,b\n'), /has 0 data rows/);
  refused(() => parseTable('\n\n'), /no lines of text/);
  assert.equal(parseTable(`a,b\n${rows(MIN_ROWS, (i) => `${i},${i}`)}`).rows.length, MIN_ROWS);
});

test('a file with no numeric column is refused, with an example value and the delimiter read', () => {
  const text = `name,colour\n${rows(12, (i) => `n${i},red`)}`;
  refused(() => read(text), /No column holds numbers/, /'n0' in column 'name' on line 2/, /separated by ','/);
});

test('columns: numeric or categorical, missing values counted with the first line, delimiters detected', () => {
  const text = `x;kind;y\n${rows(12, (i) => `${i === 3 ? 'NA' : i * 2};${i % 3 ? 'a' : 'b'};${i % 2}`)}`;
  const { table, cols } = read(text);
  assert.equal(table.delimiter, ';');
  assert.deepEqual(cols.map((c) => c.kind), ['numeric', 'categorical', 'numeric']);
  assert.equal(cols[0].missing, 1);
  assert.equal(cols[0].firstMissing, 5);
  assert.deepEqual(cols[1].levels, ['b', 'a']);
  assert.equal(suggestProblem(cols[2]), 'classification', 'two values: classes');
  assert.equal(suggestProblem(cols[0]), 'regression', 'many numbers: regression');
});

test('encoding: training-row statistics, one-hot, missing-value inputs, dropped rows and columns, seeded split', () => {
  // id: too many levels; const: one value; target missing on one row
  const text = `num,cat,id,const,t\n${rows(70, (i) => [
    i === 4 ? '' : i, i === 7 ? '?' : ['u', 'v', 'w'][i % 3], `id${i}`, 5, i === 9 ? 'NA' : (i % 2 ? 'yes' : 'no'),
  ].join(','))}`;
  const withIds = read(text);
  const e = encodeTable(withIds.table, withIds.cols, { target: 't', problem: 'classification', seed: 3 });
  assert.equal(e.nTrain + e.nTest, 69, 'the row without a target is left out');
  assert.equal(e.nTest, 14);
  assert.match(e.notes[0], /1 row without a value for 't' left out \(first: line 11\)/);
  assert.deepEqual(e.classNames, ['no', 'yes']);
  assert.deepEqual(e.featureNames.slice(0, 2), ['num', 'num missing']);
  assert.equal(e.featureNames.filter((f) => f.startsWith('cat=')).length, 3);
  assert.ok(e.featureNames.includes('cat missing'));
  const how = Object.fromEntries(e.handling.map((h) => [h.name, h.handling]));
  assert.match(how.id, /left out: 55 different values/);
  assert.match(how.const, /left out: the same value \(5\)/);
  assert.match(how.num, /1 missing value \(first: line 6\) set to the training mean/);
  // the numeric column over the training rows: mean 0, std 1 (the missing row counts as the mean)
  const f = e.features, col = [];
  for (let r = 0; r < e.nTrain; r++) if (e.x[r * f + 1] === 0) col.push(e.x[r * f]);
  const mean = col.reduce((a, b) => a + b, 0) / col.length;
  const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
  assert.ok(Math.abs(mean) < 1e-6 && Math.abs(sd - 1) < 1e-5, `mean ${mean}, std ${sd}`);
  // each one-hot group has exactly one 1, or none for a missing value with its flag set
  const catCols = e.featureNames.map((n, j) => (n.startsWith('cat') ? j : -1)).filter((j) => j >= 0);
  for (let r = 0; r < e.nTrain + e.nTest; r++) assert.equal(catCols.reduce((a, j) => a + e.x[r * f + j], 0), 1);
  // the same seed gives the same split, another seed another one
  const again = encodeTable(withIds.table, withIds.cols, { target: 't', problem: 'classification', seed: 3 });
  assert.deepEqual(again.x, e.x);
  const other = encodeTable(withIds.table, withIds.cols, { target: 't', problem: 'classification', seed: 4 });
  assert.notDeepEqual(other.x, e.x);
});

test('a long file reports its parsing and encoding progress, rising, and the result does not depend on it', () => {
  const text = `a,b,label\n${rows(40000, (i) => `${i % 97},${(i * 7) % 13},${i % 2 ? 'x' : 'y'}`)}`;
  const parsed = [];
  const table = parseTable(text, (f) => parsed.push(f));
  assert.ok(parsed.length >= 4, `${parsed.length} parsing reports`);
  assert.ok(parsed.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= parsed[i - 1])), `${parsed}`);
  assert.ok(parsed.at(-1) > 0.75, `last parsing report ${parsed.at(-1)}`);
  assert.deepEqual(table, parseTable(text));
  const cols = describeColumns(table), reports = [];
  const e = encodeTable(table, cols, { target: 'label', problem: 'classification', onProgress: (phase, f) => reports.push([phase, f]) });
  const fitted = reports.filter(([p]) => p === 'fitting').map(([, f]) => f);
  const encoded = reports.filter(([p]) => p === 'encoding').map(([, f]) => f);
  assert.deepEqual(fitted, [0, 1 / 3, 2 / 3], 'one report per column fitted');
  assert.equal(reports.findIndex(([p]) => p === 'encoding'), fitted.length, 'fitting comes first');
  assert.ok(encoded.length >= 4 && encoded.every((f, i) => f >= 0 && f < 1 && (i === 0 || f > encoded[i - 1])), `${encoded}`);
  assert.deepEqual(e, encodeTable(table, cols, { target: 'label', problem: 'classification' }));
});

test('values near the largest double are standardized without overflow, to finite inputs', () => {
  // 1e308 squared is infinite: the old mean and std made every input of the column NaN.
  const { table, cols } = read(`big,t\n${rows(40, (i) => [(i % 2 ? 1.7e308 : -1.7e308) * (1 - i / 100), i % 2].join(','))}`);
  const e = encodeTable(table, cols, { target: 't', problem: 'classification' });
  assert.ok(e.x.every(Number.isFinite), 'every input is finite');
  const h = e.handling.find((c) => c.name === 'big');
  assert.ok(Number.isFinite(h.mean) && Number.isFinite(h.std) && h.std > 1e307, `mean ${h.mean}, std ${h.std}`);
  const reg = encodeTable(table, cols, { target: 'big', problem: 'regression' });
  assert.ok(reg.y.every(Number.isFinite) && Number.isFinite(reg.targetStats.std));
});

test('a table too wide to encode is refused at once, saying what would fit', () => {
  // 60 text columns of 50 levels each: 3,000 inputs a row
  const header = [...Array.from({ length: 60 }, (_, j) => `c${j}`), 'n', 't'].join(',');
  const n = Math.ceil(MAX_ENCODED_BYTES / 4 / 3001) + 10;
  const body = rows(n, (i) => [...Array.from({ length: 60 }, (_, j) => `v${(i + j) % 50}`), i, i % 2].join(','));
  const { table, cols } = read(`${header}\n${body}`);
  let progress = 0;
  refused(() => encodeTable(table, cols, { target: 't', problem: 'classification', onProgress: () => { progress++; } }),
    /rows × 3,001 inputs/, /this page holds 512\.0 MB/, /At most 44,724 rows of these columns fit/, /'c0' \(50 levels\)/);
  assert.equal(progress, 0, 'refused before fitting or encoding anything');
});

test('regression needs a numeric target, classification two to 50 classes', () => {
  const { table, cols } = read(`x,label,v\n${rows(60, (i) => `${i},${i % 2 ? 'a' : 'b'},${i}`)}`);
  refused(() => encodeTable(table, cols, { target: 'label', problem: 'regression' }), /'label' has text values \('b' on line 2\)/);
  refused(() => encodeTable(table, cols, { target: 'v', problem: 'classification' }), /'v' has 60 different values; .* at most 50 classes/, /Choose regression/);
  const one = read(`x,c\n${rows(12, (i) => `${i},k`)}`);
  refused(() => encodeTable(one.table, one.cols, { target: 'c', problem: 'classification' }), /only one value \('k'\)/);
  const r = encodeTable(table, cols, { target: 'v', problem: 'regression' });
  assert.equal(r.classes, 0);
  assert.ok(Math.abs(r.targetStats.mean - 29.5) < 5 && r.targetStats.std > 10);
});

test('a network trained in the session learns a rule planted in a CSV (test accuracy > 0.9)', { timeout: 60000 }, async () => {
  let s = 12345;
  const rnd = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const lines = Array.from({ length: 600 }, () => {
    const a = 100 * rnd(), city = ['Oslo', 'Rome', 'Lima'][Math.floor(3 * rnd())];
    const label = a + (city === 'Rome' ? 30 : 0) > 65 ? 'high' : 'low';
    return `${a.toFixed(2)},${city},${rnd().toFixed(3)},${label}`;
  });
  const { table, cols } = read(`a,city,noise,label\n${lines.join('\n')}`);
  const e = encodeTable(table, cols, { target: 'label', problem: 'classification' });
  const engine = await loadEngine();
  const session = new Session(engine);
  session.open(csvSource(engine, e));
  session.configure({ ...defaults(), hidden: [8], acts: ['tanh'], optimizer: 'adam', lr: 0.01, batch: 32, max_epochs: 60, seed: 1 });
  assert.equal(session.runFor(60000)?.reason, 'cap');
  assert.ok(session.last.testAcc > 0.9, `test accuracy ${session.last.testAcc}`);
});

test('a regression on a CSV is shown in the file\'s own units', { timeout: 60000 }, async () => {
  const lines = Array.from({ length: 200 }, (_, i) => `${i},${1000 + 3 * i}`);
  const { table, cols } = read(`x,price\n${lines.join('\n')}`);
  const e = encodeTable(table, cols, { target: 'price', problem: 'regression' });
  const engine = await loadEngine();
  const session = new Session(engine);
  session.open(csvSource(engine, e));
  session.configure({ ...defaults(), hidden: [], acts: [], optimizer: 'adam', lr: 0.05, batch: 16, max_epochs: 30, seed: 1 }, ['regression']);
  session.runFor(60000);
  const { meta: { errors }, sections: { testTruth } } = session.evaluateTest();
  // each a value of the file's: 1000 + 3i, within float32's rounding
  const off = Array.from(testTruth, (v) => Math.abs(v - Math.round(v)) + ((Math.round(v) - 1000) % 3));
  assert.ok(off.every((d) => d < 0.01), `not the file's values: ${Array.from(testTruth.slice(0, 5))}`);
  assert.ok(errors.test.r2 > 0.99 && errors.test.mae < 20, JSON.stringify(errors.test));
});
