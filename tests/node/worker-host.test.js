// The worker protocol (web/worker/host.js and its handlers) with the real engine, in Node:
// replies echo ids, unknown types are refused, errors carry the engine's code, snapshots wait
// for the page's ack and go out with their buffer transferred (detached here), pause stops
// training, step and reset behave, a data set downloads with its progress reported.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadEngine, SIMD_WASM } from './engine-util.js';
import { createHost } from '../../web/worker/host.js';
import { defaults, serialize } from '../../web/lib/settings.js';
import { writeModelFile } from '../../web/lib/model-file.js';
import { decodeSnapshot } from '../../web/lib/snapshot.js';

/** A fake worker scope: records what the host posts, after a real structured-clone transfer. */
function harness() {
  const posted = [];
  const { port1, port2 } = new MessageChannel();
  port2.unref();
  const scope = {
    onmessage: null,
    postMessage(msg, transfer) {
      const sizes = transfer.map((b) => b.byteLength);
      port1.postMessage(msg, transfer); // throws if the transfer list is wrong
      posted.push({ msg, sizes, after: transfer.map((b) => b.byteLength) });
    },
  };
  createHost(scope, loadEngine, (fn) => setImmediate(fn));
  let id = 0;
  const send = async (type, extra = {}) => {
    const msg = { type, id: ++id, ...extra };
    scope.onmessage({ data: msg });
    for (let i = 0; i < 2000; i++) {
      const r = posted.find((p) => p.msg.type === 'reply' && p.msg.id === msg.id);
      if (r) return r.msg;
      await new Promise((res) => setTimeout(res, 2));
    }
    throw new Error(`no reply to ${type}`);
  };
  const ack = () => scope.onmessage({ data: { type: 'ack' } });
  const snapshots = () => posted.filter((p) => p.msg.type === 'snapshot');
  const close = () => port1.close();
  /** init, a toy source, and this state. */
  const start = async (state = defaults(), want = ['boundary', 'neurons', 'params']) => {
    assert.equal((await send('init', { wasm: SIMD_WASM })).error, undefined);
    assert.equal((await send('open', { source: { kind: 'toy' } })).error, undefined);
    return send('config', { state, want });
  };
  return { send, ack, posted, snapshots, close, start };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Resolves once cond() holds, however long a busy machine takes (the test's own timeout ends it). */
async function waitFor(cond) {
  while (!cond()) await sleep(2);
}
const epochOf = (snap) => decodeSnapshot({ ...snap.msg, buf: new ArrayBuffer(0), layout: {} }).meta.epoch;

test('init replies with its id; the first snapshot and the data go out with buffers transferred', async () => {
  const h = harness();
  const r = await h.start({ ...defaults(), dataset: 'xor' });
  assert.equal(r.error, undefined);
  assert.equal(r.id, 3);
  const snaps = h.snapshots();
  assert.equal(snaps.length, 1);
  assert.ok(snaps[0].sizes[0] > 0, 'the snapshot carried data');
  assert.deepEqual(snaps[0].after, [0], 'the snapshot buffer was transferred, not copied');
  const data = h.posted.find((p) => p.msg.type === 'data');
  assert.deepEqual(data.after, [0, 0]);
  h.close();
});

test('unknown message types and requests before init are refused, echoing the id', async () => {
  const h = harness();
  const early = await h.send('play');
  assert.match(early.error, /send 'init' first/);
  assert.equal(early.code, 'NN_ERR_ARG', 'a refusal of the page\'s own has a code too');
  await h.start();
  const r = await h.send('fly');
  assert.equal(r.error, "worker: unknown message type 'fly'");
  assert.equal((await h.send('toString')).error, "worker: unknown message type 'toString'");
  h.close();
});

test('snapshots wait for the ack: at most one per acknowledged frame while playing', async () => {
  const h = harness();
  await h.start();
  await h.send('play');
  await sleep(150);
  assert.equal(h.snapshots().length, 1, 'no ack yet, so no new snapshot');
  for (let n = 2; n <= 4; n++) {
    h.ack();
    await waitFor(() => h.snapshots().length >= n);
    await sleep(20);
    assert.equal(h.snapshots().length, n, 'one snapshot per ack');
  }
  assert.ok(epochOf(h.snapshots().at(-1)) > 0, 'training ran between frames');
  await h.send('pause');
  h.close();
});

test('pause stops training; step trains exactly one epoch; reset starts over', async () => {
  const h = harness();
  await h.start();
  await h.send('play');
  // Ack every snapshot, as the page does, until one shows a trained epoch: under load a
  // slice may end before its first epoch, and a snapshot of epoch 0 left unacked would be
  // the last.
  await waitFor(() => epochOf(h.snapshots().at(-1)) > 0 || (h.ack(), false));
  const paused = (await h.send('pause')).result.epoch;
  assert.ok(paused > 0);
  await sleep(100);
  const again = (await h.send('pause')).result.epoch;
  assert.equal(again, paused, 'no epoch ran after pause');
  assert.equal((await h.send('step')).result.epoch, paused + 1);
  await h.send('reset');
  assert.equal((await h.send('step')).result.epoch, 1);
  h.close();
});

test('gradient check on the current model, and a refused setting reported as an error reply with its code', async () => {
  const h = harness();
  await h.start();
  const g = await h.send('gradcheck');
  assert.ok(g.result.maxRelErr < 1e-2, `max relative error ${g.result.maxRelErr}`);
  // A fresh network has gradients well above the error's floor, so the check compared something.
  assert.ok(g.result.maxGrad > 1e-3, `largest gradient ${g.result.maxGrad}`);
  const bad = await h.send('config', { state: { ...defaults(), dataset: 'multiclass', perceptron: true } });
  assert.match(bad.error, /Perceptron mode needs a two-class data set/);
  const play = await h.send('step');
  assert.match(play.error, /no model to train/);
  const spec = await h.send('config', { state: { ...defaults(), optimizer: 'adam', beta2: 0.999999 } });
  assert.match(spec.error, /beta2/);
  assert.equal(spec.code, 'NN_ERR_ARG');
  h.close();
});

test("pace 'frame': one epoch per acknowledged frame", async () => {
  const h = harness();
  await h.start({ ...defaults(), pace: 'frame' });
  await h.send('play');
  await sleep(100);
  const { result } = await h.send('pause');
  assert.equal(result.epoch, 1, 'without acks only the first epoch ran');
  await h.send('play');
  // each ack lets one more epoch run, which posts its snapshot
  for (let i = 0; i < 5; i++) {
    const n = h.snapshots().length;
    h.ack();
    await waitFor(() => h.snapshots().length > n);
  }
  const after = (await h.send('pause')).result.epoch;
  // epochs 1 and 2 ran at the two plays, one per ack after; the one the last ack allowed may
  // or may not have run when the pause arrives
  assert.ok(after === 6 || after === 7, `epoch ${after} after 5 acks`);
  h.close();
});

test('export and import through the protocol carry batch norm\'s running statistics', async () => {
  const h = harness();
  const state = { ...defaults(), dataset: 'circle', batchnorm: 1, hidden: [5, 3], acts: ['relu', 'tanh'] };
  await h.start(state);
  for (let i = 0; i < 3; i++) assert.equal((await h.send('step')).error, undefined);
  const exported = (await h.send('export', { settings: '' })).result;
  assert.equal(exported.bnState.length, 2 * (5 + 3));
  await h.send('reset');
  const fresh = (await h.send('export', { settings: '' })).result;
  assert.notDeepEqual(fresh.bnState, exported.bnState, 'training moved the statistics; reset restarts them');
  const file = new Blob([writeModelFile({ ...exported, settings: serialize(state) })]);
  const r = await h.send('import', { file });
  assert.equal(r.error, undefined);
  assert.deepEqual(r.result.state, state);
  const big = { size: 300 * 1048576, name: 'huge.json', text: () => assert.fail('a file over the cap was read') };
  assert.match((await h.send('import', { file: big })).error, /^Import: huge\.json is 300\.0 MB; model files up to 256 MB can be imported\.$/);
  const back = (await h.send('export', { settings: '' })).result;
  assert.deepEqual(back.params, exported.params);
  assert.deepEqual(back.bnState, exported.bnState);
  h.close();
});

test('open a real set: downloaded with its progress reported, then trained by the same protocol', async () => {
  const gz = readFileSync(fileURLToPath(new URL('../../datasets/out/iris.nnds.gz', import.meta.url)));
  const server = createServer((req, res) => {
    if (req.url !== '/iris.nnds.gz') { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Length': gz.length });
    // in two parts, so there is a progress report before the end
    res.write(gz.subarray(0, gz.length >> 1));
    setTimeout(() => res.end(gz.subarray(gz.length >> 1)), 100);
  });
  await new Promise((r) => server.listen(0, r));
  const h = harness();
  try {
    await h.send('init', { wasm: SIMD_WASM });
    const url = `http://localhost:${server.address().port}/iris.nnds.gz`;
    const info = (await h.send('open', { source: { kind: 'nnds', url, gzBytes: gz.length } })).result;
    assert.deepEqual([info.name, info.task, info.nTrain, info.nTest, info.classes], ['iris', 'multiclass', 120, 30, 3]);
    const progress = h.posted.filter((p) => p.msg.type === 'progress').map((p) => p.msg);
    assert.ok(progress.length >= 2, `${progress.length} progress reports`);
    assert.deepEqual(progress.at(-1), { type: 'progress', kind: 'download', loaded: gz.length, total: gz.length });
    assert.equal((await h.send('config', { state: { ...defaults(), hidden: [6], acts: ['tanh'], batch: 8 }, want: ['confusion'] })).error, undefined);
    assert.equal((await h.send('step')).result.epoch, 1);
    assert.match((await h.send('addPoint', { x1: 0, x2: 0, label: 1 })).error, /fixed table/);
    const missing = await h.send('open', { source: { kind: 'nnds', url: `${url}.missing` } });
    assert.match(missing.error, /HTTP 404/);
    assert.equal((await h.send('step')).result.epoch, 2, 'a failed download keeps the set open');
  } finally {
    h.close();
    server.close();
  }
});

test('the learner\'s CSV: read with progress, encoded, trained; a refused file keeps the last good one', async () => {
  const file = (name, text) => {
    const bytes = new TextEncoder().encode(text);
    return { name, size: bytes.length, arrayBuffer: async () => bytes.buffer };
  };
  const rows = Array.from({ length: 300 }, (_, i) => `${i % 17},${i % 2 ? 'a' : 'b'},${(i % 17) > 8 ? 'hi' : 'lo'}`);
  const h = harness();
  await h.send('init', { wasm: SIMD_WASM });
  assert.match((await h.send('csvEncode', { target: 'c', problem: 'classification' })).error, /read a CSV file first/);
  const read = (await h.send('csvRead', { file: file('good.csv', `n,k,c\n${rows.join('\n')}`) })).result;
  assert.deepEqual([read.name, read.rows, read.cols.map((c) => c.kind)], ['good.csv', 300, ['numeric', 'categorical', 'categorical']]);
  const phases = h.posted.filter((p) => p.msg.type === 'progress').map((p) => p.msg.phase);
  assert.ok(phases.includes('reading') && phases.includes('describing'), `${phases}`);
  assert.match((await h.send('csvRead', { file: file('bad.csv', 'a,b\n1,2\n') })).error, /1 data row/);
  const { encoding, info } = (await h.send('csvEncode', { target: 'c', problem: 'classification' })).result;
  assert.deepEqual([encoding.nTrain, encoding.nTest, encoding.classNames], [240, 60, ['hi', 'lo']]);
  assert.equal(encoding.x, undefined, 'the matrix stays in the worker');
  assert.deepEqual([info.task, info.nTrain, info.classes], ['binary', 240, 2]);
  await h.send('config', { state: { ...defaults(), hidden: [8], acts: ['tanh'], optimizer: 'adam', lr: 0.03, batch: 16 } });
  for (let i = 0; i < 30; i++) await h.send('step');
  const ev = await h.send('pause');
  assert.equal(ev.result.epoch, 30);
  h.close();
});
