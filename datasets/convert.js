// convert.js — builds every data set of sets.js into <out>/<name>.nnds (the binary that
// csrc/dataset.c reads), <name>.nnds.gz (what the page fetches and inflates with
// DecompressionStream) and <name>.json (its description), plus <out>/index.json.
//   node datasets/convert.js <extracted packages dir> <modeldata TSV dir> <out dir>
// The inputs were checked by SHA-256 in build.sh before this runs.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readMnist } from './mnist.js';
import { encodeNnds } from './nnds.js';
import { SETS } from './sets.js';
import { encodeTable } from './tabular.js';

const [src, csv, out] = process.argv.slice(2);
if (!out) { console.error('usage: node datasets/convert.js <src dir> <tsv dir> <out dir>'); process.exit(2); }

// "package version" per line, written by build.sh from the .debs it unpacked.
const debianVersions = new Map(readFileSync(`${src}/VERSIONS`, 'utf8').trim().split('\n').map((l) => l.split(' ')));

function buildMnist(set) {
  const f = set.files;
  const train = readMnist(`${src}/${f.trainImages}`, `${src}/${f.trainLabels}`, set.nTrain);
  const test = readMnist(`${src}/${f.testImages}`, `${src}/${f.testLabels}`, set.nTest);
  const labels = Float32Array.from([...train.labels, ...test.labels]);
  const count = (l) => Array.from({ length: 10 }, (_, k) => l.filter((v) => v === k).length);
  const featureNames = [];
  for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) featureNames.push(`px_${r}_${c}`);
  return {
    nTrain: set.nTrain, nTest: set.nTest, featureNames,
    featureStats: featureNames.map(() => [0, 255]),   // raw pixel = stored byte/255 * 255
    labelNames: Array.from({ length: 10 }, (_, k) => String(k)), targetStats: [],
    x: Buffer.concat([train.pixels, test.pixels]), y: labels,
    describe: {
      image: { width: 28, height: 28, layout: 'row-major, 0 = background, 255 = ink; read as byte/255' },
      class_counts: { train: count(train.labels), test: count(test.labels) },
    },
  };
}

// Writes through a temporary name, so an interrupted build never leaves a half file behind.
function writeAtomic(path, data) {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

const index = [];
for (const set of SETS) {
  const t0 = Date.now();
  const log = (msg) => console.log(`  ${set.name}: ${msg}`);
  const p = set.kind === 'mnist' ? buildMnist(set) : encodeTable(set.read({ src, csv }), set, log);
  const bin = encodeNnds({ name: set.name, task: set.task, ...p });
  const gz = gzipSync(bin, { level: 6 });
  const desc = {
    name: set.name, title: set.title, task: set.task,
    file: `${set.name}.nnds`, bytes: bin.length, sha256: createHash('sha256').update(bin).digest('hex'),
    gz: `${set.name}.nnds.gz`, gz_bytes: gz.length,
    train: p.nTrain, test: p.nTest,
    split: set.split ?? `seeded random ${set.task === 'classify' ? 'stratified ' : ''}split, ${Math.round(set.testFraction * 100)} % test (seed ${set.seed})`,
    features: p.featureNames,
    ...(set.task === 'classify' ? { classes: p.labelNames } : {}),
    ...p.describe,
    standardization: set.kind === 'mnist'
      ? 'none: pixels are bytes, read as byte/255'
      : 'numeric columns and targets: (value - mean) / std with the training rows\' mean and population std; categorical columns one-hot',
    source: { ...set.source, ...(set.source.debian && { version: debianVersions.get(set.source.debian) }) },
    credit: set.credit,
  };
  writeAtomic(`${out}/${set.name}.nnds`, bin);
  writeAtomic(`${out}/${set.name}.nnds.gz`, gz);
  writeAtomic(`${out}/${set.name}.json`, JSON.stringify(desc, null, 1) + '\n');
  index.push({ name: set.name, title: set.title, task: set.task, train: p.nTrain, test: p.nTest,
               features: p.featureNames.length, json: `${set.name}.json`, gz: desc.gz, gz_bytes: gz.length });
  log(`${p.nTrain} train + ${p.nTest} test rows, ${p.featureNames.length} features, ` +
      `${(bin.length / 1024).toFixed(0)} KiB (${(gz.length / 1024).toFixed(0)} KiB gzipped), ${Date.now() - t0} ms`);
}
writeAtomic(`${out}/index.json`, JSON.stringify(index, null, 1) + '\n');
