// tabular.js — turns a table of numeric and categorical columns into model-ready rows: a fixed
// seeded train/test split, one-hot encoding of categories, standardization of numeric
// columns and regression targets with training-set statistics only (so the test rows
// tell nothing to the encoder), and missing values filled only by an explicit rule.
//
// A table is { rows, columns: [{ name, kind: 'numeric', values: Float64Array (NaN = missing) }
//                           | { name, kind: 'factor', levels: string[], values: Int32Array (-1 = missing) }] }.
import { readFileSync } from 'node:fs';
import { mulberry32, shuffle } from '../web/lib/mulberry32.js';

const fail = (msg) => { throw new Error(msg); };

/** A table written by export_modeldata.R: <object>.tsv and <object>.schema. */
export function readModeldataTsv(dir, object) {
  const schema = readFileSync(`${dir}/${object}.schema`, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
  const lines = readFileSync(`${dir}/${object}.tsv`, 'utf8').trimEnd().split('\n');
  const header = lines[0].split('\t');
  if (header.join('\t') !== schema.map((s) => s[0]).join('\t')) fail(`${object}: header and schema disagree`);
  const rows = lines.length - 1;
  const columns = schema.map(([name, kind, ...levels]) => kind === 'factor'
    ? { name, kind, levels, values: new Int32Array(rows) }
    : { name, kind: 'numeric', values: new Float64Array(rows) });
  const index = columns.map((c) => c.kind === 'factor' ? new Map(c.levels.map((l, i) => [l, i])) : null);
  for (let r = 0; r < rows; r++) {
    const f = lines[r + 1].split('\t');
    if (f.length !== columns.length) fail(`${object}.tsv line ${r + 2}: ${f.length} fields, want ${columns.length}`);
    columns.forEach((c, j) => {
      if (c.kind === 'factor') {
        const k = f[j] === '' ? -1 : index[j].get(f[j]);
        if (k === undefined) fail(`${object}.tsv line ${r + 2}: ${c.name} = '${f[j]}' is not one of its levels`);
        c.values[r] = k;
      } else {
        const v = f[j] === '' ? NaN : Number(f[j]);
        if (f[j] !== '' && !Number.isFinite(v)) fail(`${object}.tsv line ${r + 2}: ${c.name} = '${f[j]}' is not a number`);
        c.values[r] = v;
      }
    });
  }
  return { rows, columns };
}

/** One of scikit-learn's bundled CSVs: first line "n,d,class names…", then d numbers and a class index. */
export function readSklearnCsv(path, featureNames) {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const [n, d, ...classes] = lines[0].trim().split(',');
  if (Number(d) !== featureNames.length) fail(`${path}: ${d} features, want ${featureNames.length}`);
  if (Number(n) !== lines.length - 1) fail(`${path}: header says ${n} rows, file has ${lines.length - 1}`);
  const rows = lines.length - 1;
  const columns = featureNames.map((name) => ({ name, kind: 'numeric', values: new Float64Array(rows) }));
  const target = { name: 'target', kind: 'factor', levels: classes, values: new Int32Array(rows) };
  for (let r = 0; r < rows; r++) {
    const f = lines[r + 1].trim().split(',').map(Number);
    if (f.length !== featureNames.length + 1 || !f.every(Number.isFinite)) fail(`${path} line ${r + 2}: malformed row`);
    f.slice(0, -1).forEach((v, j) => { columns[j].values[r] = v; });
    const k = f[f.length - 1];
    if (!Number.isInteger(k) || k < 0 || k >= classes.length) fail(`${path} line ${r + 2}: class ${k} out of range`);
    target.values[r] = k;
  }
  return { rows, columns: [...columns, target] };
}

/** Row indices of a seeded split; stratified by `strata` (class per row) when given. */
export function splitRows(rows, testFraction, seed, strata = null) {
  const next = mulberry32(seed);
  const groups = new Map();
  for (let r = 0; r < rows; r++) {
    const g = strata ? strata[r] : 0;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(r);
  }
  const train = [], test = [];
  for (const g of [...groups.keys()].sort((p, q) => p - q)) {
    const members = shuffle(groups.get(g), next);
    const k = Math.round(members.length * testFraction);
    test.push(...members.slice(0, k));
    train.push(...members.slice(k));
  }
  return { train: shuffle(train, next), test: shuffle(test, next) };
}

function meanStd(values, rowsIdx) {
  let s = 0;
  for (const r of rowsIdx) s += values[r];
  const mean = s / rowsIdx.length;
  let q = 0;
  for (const r of rowsIdx) q += (values[r] - mean) ** 2;
  return [mean, Math.sqrt(q / rowsIdx.length)];
}

/**
 * Encodes a table per the set's recipe:
 *   spec.target  { column, classes: [names in label order] }       (classify)
 *   spec.targets [{ name, column, log: bool }]                      (regress)
 *   spec.fill    { column: { value, why } }   the only way a missing value is accepted
 *   spec.log1p   [column, ...]               numeric columns taken as ln(1 + x) before scaling
 *   spec.testFraction, spec.seed
 * Returns the pieces encodeNnds takes plus a description for the JSON file; `log` gets one
 * line per decision worth seeing (fills, constant columns).
 */
export function encodeTable(table, spec, log) {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const col = (name) => byName.get(name) ?? fail(`${spec.name}: no column '${name}'`);
  const classify = spec.task === 'classify';
  const targetCols = classify ? [spec.target.column] : spec.targets.map((t) => t.column);

  const missing = [];
  for (const c of table.columns) {
    const miss = [];
    c.values.forEach((v, r) => { if (c.kind === 'factor' ? v < 0 : Number.isNaN(v)) miss.push(r); });
    if (!miss.length) continue;
    const rule = spec.fill?.[c.name] ?? fail(`${spec.name}: ${c.name} is missing in ${miss.length} rows (first: row ${miss[0] + 1}) and the recipe has no rule for it`);
    if (c.kind !== 'numeric') fail(`${spec.name}: fill rules are for numeric columns, ${c.name} is a factor`);
    for (const r of miss) c.values[r] = rule.value;
    missing.push({ column: c.name, rows: miss.length, filled_with: rule.value, why: rule.why });
    log(`${c.name}: ${miss.length} missing values filled with ${rule.value} (${rule.why})`);
  }

  let labels = null;
  if (classify) {
    const c = col(spec.target.column);
    if (c.kind !== 'factor') fail(`${spec.name}: target ${c.name} is not categorical`);
    const map = c.levels.map((l) => spec.target.classes.indexOf(l));
    const bad = c.levels.find((l, i) => map[i] < 0);
    if (bad !== undefined) fail(`${spec.name}: target level '${bad}' is not among the classes ${spec.target.classes.join(', ')}`);
    labels = Int32Array.from(c.values, (v) => map[v]);
  }
  const split = splitRows(table.rows, spec.testFraction, spec.seed, labels);
  const order = [...split.train, ...split.test];

  const featureNames = [], featureStats = [], columns = [], fills = [];
  for (const c of table.columns) {
    if (targetCols.includes(c.name)) continue;
    if (c.kind === 'factor') {
      columns.push({ name: c.name, kind: 'categorical', levels: c.levels, feature: featureNames.length });
      c.levels.forEach((l, k) => {
        featureNames.push(`${c.name}=${l}`);
        featureStats.push([0, 1]);
        fills.push((r) => (c.values[r] === k ? 1 : 0));
      });
    } else {
      const log1p = spec.log1p?.includes(c.name);
      if (log1p) {
        if (c.values.some((v) => !(v >= 0))) fail(`${spec.name}: ln(1 + x) of a negative ${c.name}`);
        c.values = c.values.map(Math.log1p);
        log(`${c.name}: taken as ln(1 + x) (a skewed amount)`);
      }
      let [mean, std] = meanStd(c.values, split.train);
      if (!(std > 0)) { log(`${c.name}: constant on the training rows, centred only`); std = 1; }
      columns.push({ name: c.name, kind: 'numeric', ...(log1p && { transform: 'ln1p' }), mean, std,
                     feature: featureNames.length });
      featureNames.push(c.name);
      featureStats.push([mean, std]);
      fills.push((r) => (c.values[r] - mean) / std);
    }
  }
  const nf = featureNames.length;
  const x = new Float32Array(order.length * nf);
  order.forEach((r, i) => { for (let j = 0; j < nf; j++) x[i * nf + j] = fills[j](r); });

  let y, labelNames, targetStats = [], targets;
  if (classify) {
    labelNames = spec.target.classes;
    y = Float32Array.from(order, (r) => labels[r]);
  } else {
    labelNames = spec.targets.map((t) => t.name);
    const raw = spec.targets.map((t) => {
      const v = col(t.column).values;
      if (t.log && v.some((u) => !(u > 0))) fail(`${spec.name}: log of a non-positive ${t.column}`);
      return t.log ? v.map(Math.log) : v;
    });
    targetStats = raw.map((v) => meanStd(v, split.train));
    targets = spec.targets.map((t, k) => ({ name: t.name, column: t.column, transform: t.log ? 'ln' : 'none',
                                            mean: targetStats[k][0], std: targetStats[k][1] }));
    const nt = raw.length;
    y = new Float32Array(order.length * nt);
    order.forEach((r, i) => raw.forEach((v, k) => { y[i * nt + k] = (v[r] - targetStats[k][0]) / targetStats[k][1]; }));
  }
  const count = (idx) => labelNames.map((_, k) => idx.filter((r) => labels[r] === k).length);
  return {
    nTrain: split.train.length, nTest: split.test.length, featureNames, featureStats, labelNames, targetStats, x, y,
    describe: {
      columns, missing, ...(targets && { targets }),
      ...(classify && { class_counts: { train: count(split.train), test: count(split.test) } }),
    },
  };
}
