// SurfacePanel — the loss of a two-parameter model (y = w·x + b, squared error) over a grid of
// (w, b), drawn as contour bands, with the path each optimizer takes from one start. The
// surface values and the paths are the engine's (worker/lessons.js surface): its loss at every
// grid point, its optimizers' steps. The paths are drawn a step at a time.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Panel } from '../panel/index.jsx';
import { fitCanvas } from '../../plots/canvas.js';
import { SERIES_COLORS } from '../../plots/colors.js';
import { valueName } from '../../lib/names.js';
import { formatNumber } from '../../plots/linechart.js';
import '../race-panel/style.css';
import './style.css';

const BANDS = 14;
const PAD = { l: 30, r: 6, t: 6, b: 24 };

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function SurfacePanel({ ctx }) {
  const L = /** @type {any} */ (ctx.preset.lesson);
  const canvas = useRef(/** @type {HTMLCanvasElement | null} */ (null));
  const [r, setR] = useState(/** @type {any} */ (null));
  const [shown, setShown] = useState(0);
  const timer = useRef(0);

  useEffect(() => {
    if (ctx.ready && !r) ctx.send('surface', L).then((s) => s && setR(s));
  }, [ctx.ready]);
  useEffect(() => { if (r) draw(/** @type {HTMLCanvasElement} */ (canvas.current), L, r, shown); }, [r, shown]);
  useEffect(() => {
    const redraw = () => r && draw(/** @type {HTMLCanvasElement} */ (canvas.current), L, r, shown);
    window.addEventListener('resize', redraw);
    return () => window.removeEventListener('resize', redraw);
  }, [r, shown]);
  useEffect(() => () => clearInterval(timer.current), []);

  const run = () => {
    clearInterval(timer.current);
    let s = 0;
    setShown(0);
    timer.current = window.setInterval(() => {
      s++;
      setShown(s);
      if (s >= L.steps) clearInterval(timer.current);
    }, 50);
  };
  return (
    <Panel title="The loss surface of y = w·x + b, and where each optimizer walks" span="wide" testid="surface">
      <div class="nnp-race-controls">
        <button type="button" class="nnp-text-btn" onClick={run} disabled={!r} data-testid="surface-run">
          {shown ? 'Walk again' : 'Walk downhill'}
        </button>
        <span class="nnp-note" data-testid="surface-step">{r ? `step ${shown} of ${L.steps}` : 'computing the surface…'}</span>
      </div>
      <div class="nnp-surface">
        <canvas ref={canvas} class="nnp-surface-plot" data-testid="surface-plot"
          aria-label="contours of the loss over w (across) and b (up), with one path per optimizer" />
        <ul class="nnp-race-legend nnp-surface-legend">
          {L.runs.map((/** @type {any} */ run, /** @type {number} */ i) => (
            <li><span class="nnp-race-swatch" style={{ background: SERIES_COLORS[i] }} />
              {valueName(run.optimizer)} <span class="nnp-note">lr {run.lr}</span>{' '}
              {r && shown >= L.steps ? <output data-testid={`surface-loss-${run.optimizer}`} data-value={r.final[i]}>loss {formatNumber(r.final[i])}</output> : null}</li>
          ))}
        </ul>
      </div>
      <p class="nnp-note">{L.steps} full-batch steps from (w, b) = ({L.start.join(', ')}) on {L.data.x.length} points. Bands: equal steps of log(loss).</p>
    </Panel>
  );
}

/**
 * Contour bands of log(loss) from the grid, bilinearly interpolated, and the paths' first
 * `steps` steps.
 * @param {HTMLCanvasElement} canvas @param {any} L @param {{loss: Float32Array, paths: Float32Array[]}} r @param {number} steps
 */
function draw(canvas, L, r, steps) {
  const cw = canvas.clientWidth, ch = canvas.clientHeight;
  if (!cw || !ch) return;
  const c = fitCanvas(canvas, cw, ch);
  c.clearRect(0, 0, cw, ch);
  const n = L.grid.n, [w0, w1] = L.grid.w, [b0, b1] = L.grid.b;
  const W = cw - PAD.l - PAD.r, H = ch - PAD.t - PAD.b;
  const logs = Array.from(r.loss, (v) => Math.log(v));
  const lo = Math.min(...logs), hi = Math.max(...logs);
  const dpr = canvas.width / cw;
  const pw = Math.round(W * dpr), ph = Math.round(H * dpr);
  const img = c.createImageData(pw, ph);
  for (let py = 0; py < ph; py++) {
    const gy = (1 - py / (ph - 1)) * (n - 1), j = Math.min(n - 2, Math.floor(gy)), ty = gy - j;
    for (let px = 0; px < pw; px++) {
      const gx = (px / (pw - 1)) * (n - 1), i = Math.min(n - 2, Math.floor(gx)), tx = gx - i;
      const v = (logs[j * n + i] * (1 - tx) + logs[j * n + i + 1] * tx) * (1 - ty) +
        (logs[(j + 1) * n + i] * (1 - tx) + logs[(j + 1) * n + i + 1] * tx) * ty;
      const band = Math.min(BANDS - 1, Math.floor(((v - lo) / (hi - lo)) * BANDS));
      const t = band / (BANDS - 1), o = 4 * (py * pw + px);
      // low loss deep blue, high loss pale; alternate bands a shade apart so the contours show
      const shade = band % 2 ? 0.93 : 1;
      img.data[o] = (40 + 210 * t) * shade;
      img.data[o + 1] = (90 + 160 * t) * shade;
      img.data[o + 2] = (170 + 80 * t) * shade;
      img.data[o + 3] = 255;
    }
  }
  c.putImageData(img, Math.round(PAD.l * dpr), Math.round(PAD.t * dpr));
  const sx = (/** @type {number} */ w) => PAD.l + ((w - w0) / (w1 - w0)) * W;
  const sy = (/** @type {number} */ b) => PAD.t + (1 - (b - b0) / (b1 - b0)) * H;
  c.fillStyle = '#5f6b76';
  c.font = '11px system-ui, sans-serif';
  c.textAlign = 'center';
  for (const w of [w0, (w0 + w1) / 2, w1]) c.fillText(String(w), sx(w), ch - 10);
  c.fillText('w →', PAD.l + W * 0.75, ch - 10);
  c.textAlign = 'right';
  for (const b of [b0, (b0 + b1) / 2, b1]) c.fillText(String(b), PAD.l - 4, Math.min(ch - PAD.b, Math.max(PAD.t + 8, sy(b) + 4)));
  c.fillText('b ↑', PAD.l - 4, PAD.t + H * 0.25);
  c.save();
  c.beginPath();
  c.rect(PAD.l, PAD.t, W, H);
  c.clip();
  // each path over a white casing, so it shows on dark and light bands alike
  r.paths.forEach((p, k) => {
    const line = () => {
      c.beginPath();
      for (let s = 0; s <= steps; s++) {
        const x = sx(p[2 * s]), y = sy(p[2 * s + 1]);
        if (s) c.lineTo(x, y); else c.moveTo(x, y);
      }
      c.stroke();
    };
    c.strokeStyle = 'rgba(255,255,255,0.8)';
    c.lineWidth = 4.5;
    line();
    c.strokeStyle = SERIES_COLORS[k];
    c.fillStyle = SERIES_COLORS[k];
    c.lineWidth = 2;
    line();
    c.beginPath();
    c.arc(sx(p[2 * steps]), sy(p[2 * steps + 1]), 4, 0, 2 * Math.PI);
    c.fill();
  });
  c.restore();
  c.fillStyle = '#1f2328';
  c.beginPath();
  c.arc(sx(L.start[0]), sy(L.start[1]), 5, 0, 2 * Math.PI);
  c.fill();
}
