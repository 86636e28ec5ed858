// The page's side of the worker protocol (web/lib/bridge.js), against a stand-in Worker: a
// reply settles the request with its id; a crash stops the worker and fails every request,
// waiting or new, so no caller (the CSV page's "Parsing…" label, say) waits forever.
import test from 'node:test';
import assert from 'node:assert/strict';
import { Bridge } from '../../web/lib/bridge.js';

class FakeWorker {
  constructor() { FakeWorker.last = this; this.sent = []; }
  postMessage(msg) { this.sent.push(msg); }
  terminate() { this.terminated = true; }
}

test('a reply settles its own request; a crash rejects the ones still waiting and is reported', async () => {
  const crashes = [];
  const b = new Bridge({ worker: new FakeWorker() }, { onFrame() {}, onData() {}, onStopped() {}, onCrash: (m) => crashes.push(m) });
  const w = FakeWorker.last;
  const read = b.request('csv-read', { file: 'f' }), pause = b.request('pause');
  assert.deepEqual(w.sent.map((m) => m.type), ['csv-read', 'pause']);
  w.onmessage({ data: { type: 'reply', id: w.sent[1].id, result: { epoch: 3 } } });
  assert.deepEqual(await pause, { epoch: 3 });
  w.onerror({ message: 'out of memory', preventDefault() {} });
  await assert.rejects(read, /^Error: The training worker failed: out of memory\.$/);
  assert.deepEqual(crashes, ['The training worker failed: out of memory.']);
  assert.ok(w.terminated, 'the worker is stopped');
  // after the crash: a new request fails at once, a stray reply is ignored
  await assert.rejects(b.request('play'), /out of memory/);
  assert.doesNotThrow(() => w.onmessage({ data: { type: 'reply', id: w.sent[0].id, result: {} } }));
});
