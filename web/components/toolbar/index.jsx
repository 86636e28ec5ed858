// Toolbar — play / pause / step / reset, the pace, and the live readouts: epoch, speed,
// learning rate; where an epoch takes seconds (the preset's `progress`), the progress through
// it with its ETA and the latest test figure. The readouts are written straight into their
// elements by a plot attached to the view, so they change every frame without a re-render.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { formatNumber } from '../../plots/linechart.js';
import { Field } from '../field/index.jsx';
import { ROW } from '../../lib/settings.js';
import './style.css';

// 24×24 icon paths (drawn here rather than font glyphs, which not every system has)
const PLAY = 'M8 5v14l11-7z';
const PAUSE = 'M6 5h4v14H6zM14 5h4v14h-4z';
const STEP = 'M6 5v14l9-7zM16 5h3v14h-3z';
const RESET = 'M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z';
const Icon = (/** @type {{d: string}} */ { d }) => <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d={d} fill="currentColor" /></svg>;

/** 123456.7 → "123 457", 2.345 → "2.3" (toLocaleString would load locale data on the first frame). */
const thousands = (/** @type {number} */ v) => (v < 10 ? v.toFixed(1) : String(Math.round(v)).replace(/\B(?=(\d{3})+$)/g, '\u202f'));
const duration = (/** @type {number} */ ms) => (ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`);
const seconds = (/** @type {number} */ s) => (!Number.isFinite(s) || s <= 0 ? '–' : s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function Toolbar({ ctx }) {
  const { view, playing, ready, actions } = ctx;
  const canTrain = ready && !ctx.busy;
  const progress = Boolean(ctx.preset.progress);
  const epoch = useRef(null), speed = useRef(null), lr = useRef(null);
  const bar = useRef(null), where = useRef(null), eta = useRef(null), acc = useRef(null), perEpoch = useRef(null);
  usePlot(view, 'toolbar', () => ({
    draw(v) {
      const m = v.last?.meta;
      if (!m) return;
      epoch.current.textContent = String(m.epoch).padStart(6, '0');
      lr.current.textContent = formatNumber(m.lr);
      if (!progress) {
        speed.current.textContent = m.playing
          ? `${thousands(m.stepsPerSec)} steps/s · ${thousands(m.epochsPerSec)} epochs/s` : 'paused';
        return;
      }
      speed.current.textContent = m.playing ? `${thousands(m.samplesPerSec)} samples/s` : 'paused';
      const done = m.maxEpochs > 0 && m.epoch >= m.maxEpochs, inEpoch = m.pos / m.nTrain;
      bar.current.value = done ? 1 : inEpoch;
      where.current.textContent = m.maxEpochs > 0
        ? `epoch ${Math.min(m.epoch + 1, m.maxEpochs)} of ${m.maxEpochs}${done ? ' — done' : ` · ${(100 * inEpoch).toFixed(0)} %`}`
        : `epoch ${m.epoch + 1} · ${(100 * inEpoch).toFixed(0)} %`;
      const left = m.playing && m.samplesPerSec > 0 ? (m.nTrain - m.pos) / m.samplesPerSec : NaN;
      eta.current.textContent = `epoch ETA ${seconds(left)}` + (m.epochMillis ? ` · last epoch ${duration(m.epochMillis)}` : '');
      const metric = m.task === 'regression' ? 'R²' : 'accuracy';
      const value = m.task === 'regression' ? m.testAcc.toFixed(3) : `${(100 * m.testAcc).toFixed(2)} %`;
      acc.current.textContent = `Test ${metric} after epoch ${m.epoch}: ${value}`;
      acc.current.hidden = false;
      perEpoch.current.textContent = `training time per epoch ${duration(m.meanEpochMillis)}`;
      perEpoch.current.hidden = !m.meanEpochMillis;
    },
  }));
  return (
    <div class="nnp-toolbar" role="toolbar" aria-label="Training">
      <div class="nnp-toolbar-row">
        <button type="button" class="nnp-btn nnp-reset" onClick={actions.reset} disabled={!canTrain} data-testid="reset"
          title="Reset the network to its initial weights (same seed)" aria-label="Reset"><Icon d={RESET} /></button>
        <button type="button" class="nnp-btn nnp-play" onClick={actions.togglePlay} disabled={!canTrain}
          aria-pressed={playing} aria-label={playing ? 'Pause' : 'Play'} data-testid="play">
          <Icon d={playing ? PAUSE : PLAY} />
        </button>
        <button type="button" class="nnp-btn nnp-step" onClick={actions.step} disabled={!canTrain || playing}
          title="Train one epoch" aria-label="Step one epoch"><Icon d={STEP} /></button>
        <div class="nnp-readout">
          <span class="nnp-readout-label">Epoch</span>
          <span class="nnp-epoch" ref={epoch} data-testid="epoch" aria-live="off">000000</span>
        </div>
        <div class="nnp-readout">
          <span class="nnp-readout-label">Speed</span>
          <span class="nnp-speed" ref={speed} data-testid="speed">paused</span>
        </div>
        <div class="nnp-pace">
          <Field row={ROW.pace} value={ctx.state.pace} onChange={(v) => ctx.update({ pace: v })} />
        </div>
        <div class="nnp-readout">
          <span class="nnp-readout-label">Current learning rate</span>
          <span ref={lr} data-testid="lr">–</span>
        </div>
      </div>
      {progress ? (
        <div class="nnp-progress">
          <progress ref={bar} max={1} value={0} aria-label="Progress through the epoch" />
          <div class="nnp-progress-text">
            <span ref={where} data-testid="progress">epoch 1</span>
            <span ref={eta}>epoch ETA –</span>
            <span ref={acc} data-testid="test-acc" hidden />
            <span ref={perEpoch} data-testid="epoch-time" hidden />
          </div>
        </div>
      ) : null}
    </div>
  );
}
