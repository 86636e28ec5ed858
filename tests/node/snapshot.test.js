// Snapshot encoding and decoding (web/lib/snapshot.js), and the transfer it is built for.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { encodeSnapshot, decodeSnapshot } from '../../web/lib/snapshot.js';

test('sections come back as views with the same values', () => {
  const a = Float32Array.from([1, 2, 3]), b = new Float32Array(0), c = Float32Array.from([-0.5, 1024]);
  const { msg, transfer } = encodeSnapshot({ epoch: 7 }, { a, b, c });
  assert.deepEqual(transfer, [msg.buf]);
  const { meta, arrays } = decodeSnapshot(msg);
  assert.equal(meta.epoch, 7);
  assert.deepEqual([...arrays.a], [1, 2, 3]);
  assert.equal(arrays.b.length, 0);
  assert.deepEqual([...arrays.c], [-0.5, 1024]);
  assert.equal(arrays.c.buffer, msg.buf, 'views, not copies');
});

test('a layout that does not fit the buffer is refused with the section named', () => {
  const { msg } = encodeSnapshot({}, { a: new Float32Array(4) });
  assert.throws(() => decodeSnapshot({ ...msg, layout: { a: [2, 3] } }), /section 'a' \[2, \+3\) outside a buffer of 4 floats/);
  assert.throws(() => decodeSnapshot({ ...msg, layout: { a: [-1, 1] } }), /section 'a'/);
  assert.throws(() => decodeSnapshot({ ...msg, buf: new ArrayBuffer(6) }), /not a Float32 buffer/);
});

test('posting with the transfer list detaches the buffer (no silent copy)', async () => {
  const { msg, transfer } = encodeSnapshot({ epoch: 1 }, { a: new Float32Array(1000) });
  const { port1, port2 } = new MessageChannel();
  const got = new Promise((resolve) => port2.once('message', resolve));
  port1.postMessage(msg, transfer);
  assert.equal(msg.buf.byteLength, 0);
  const received = await got;
  assert.equal(decodeSnapshot(received).arrays.a.length, 1000);
  port1.close();
});
