// fetch-gz.js — downloads a gzip file and inflates it with the browser's own
// DecompressionStream, reporting compressed bytes received as it goes (the progress bar).
// The engine takes the inflated bytes; fetching them is the browser's part.
// The server must send the .gz bytes as they are (no Content-Encoding), or the browser would
// inflate them first and the stream here would refuse them as not gzip.

/**
 * @param {string} url
 * @param {number} expected  compressed size, for progress when the server sends no Content-Length
 * @param {(loaded: number, total: number) => void} onProgress
 * @returns {Promise<ArrayBuffer>} the inflated bytes
 */
export async function fetchGz(url, expected, onProgress) {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url}: download failed (HTTP ${res.status})`);
  const total = Number(res.headers.get('Content-Length')) || expected;
  let loaded = 0;
  const counted = res.body.pipeThrough(new TransformStream({
    transform(chunk, out) {
      loaded += chunk.byteLength;
      onProgress(loaded, total);
      out.enqueue(chunk);
    },
  }));
  try {
    return await new Response(counted.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  } catch (e) {
    throw new Error(`${url}: could not inflate the download (${e.message}); is the server sending it decompressed?`);
  }
}
