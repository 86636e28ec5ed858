// The curves' store (web/lib/history.js): bounded, evenly thinned, in epoch order.
import test from 'node:test';
import assert from 'node:assert/strict';
import { History, CAPACITY } from '../../web/lib/history.js';

const rows = (from, to, w) => {
  const a = new Float32Array((to - from) * w);
  for (let e = from; e < to; e++) for (let c = 0; c < w; c++) a[(e - from) * w + c] = c === 0 ? e : e * 10 + c;
  return a;
};

test('keeps every row until full, values in place', () => {
  const h = new History(3);
  h.append(rows(0, 100, 3));
  assert.equal(h.length, 100);
  assert.deepEqual([...h.column(0)].slice(0, 3), [0, 1, 2]);
  assert.equal(h.column(2)[99], 992);
});

test('stays under capacity over a long run, evenly spaced, last epochs kept', () => {
  const h = new History(2);
  for (let e = 0; e < 100000; e += 1000) h.append(rows(e, e + 1000, 2));
  assert.ok(h.length <= CAPACITY && h.length > CAPACITY / 4, `length ${h.length}`);
  const x = h.column(0);
  const gaps = new Set();
  for (let i = 1; i < x.length; i++) gaps.add(x[i] - x[i - 1]);
  assert.deepEqual([...gaps], [h.stride]);
  assert.ok(x[x.length - 1] > 100000 - 2 * h.stride);
  assert.equal(x[0], 0);
});

test('an epoch already recorded is not appended again', () => {
  const h = new History(2);
  h.append(rows(0, 10, 2));
  h.append(rows(5, 12, 2));
  assert.deepEqual([...h.column(0)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});
