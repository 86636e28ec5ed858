// serve.js — the message loop both worker hosts share (the playground's, worker/host.js, and
// the real-data pages', apps/shared/host.js): requests answered in order, and a yield to the
// event loop. Apart from the hosts, so the real-data worker does not bundle the playground's
// session and settings.

/**
 * Answers the worker's messages one at a time, in order (a 'config' sent while 'init' still
 * loads the engine waits for it), each reply echoing the request's id; 'ack' gets no reply.
 * Shared by the playground's and the real-data pages' hosts.
 */
export function serveInOrder(scope, handle, post) {
  const answer = async (msg) => {
    try {
      const result = await handle(msg);
      if (msg.type !== 'ack') post({ type: 'reply', id: msg.id, result });
    } catch (err) {
      post({ type: 'reply', id: msg.id, error: err?.message ?? String(err) });
    }
  };
  let queue = Promise.resolve();
  scope.onmessage = (e) => { queue = queue.then(() => answer(e.data)); };
}

/** Yields to the event loop without setTimeout's 4 ms clamp on nested timers. */
export function channelScheduler() {
  const ch = new MessageChannel();
  let queued = null;
  ch.port1.onmessage = () => { const fn = queued; queued = null; fn(); };
  return (fn) => { queued = fn; ch.port2.postMessage(null); };
}
