// Toolbar — play / pause / step / reset, and the live readouts (epoch, speed, learning rate).
// The readouts are written straight into their spans by a plot attached to the view, so the
// numbers change every frame without re-rendering anything.

import { useRef } from 'preact/hooks';
import { usePlot } from '../../lib/use-plot.js';
import { formatNumber } from '../../plots/linechart.js';
import { Field } from '../field/index.jsx';
import { ROW } from '../../state.js';
import './style.css';

// 24×24 icon paths (drawn here rather than font glyphs, which not every system has)
const PLAY = 'M8 5v14l11-7z';
const PAUSE = 'M6 5h4v14H6zM14 5h4v14h-4z';
const STEP = 'M6 5v14l9-7zM16 5h3v14h-3z';
const RESET = 'M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z';
const Icon = ({ d }) => <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d={d} fill="currentColor" /></svg>;

/** 123456.7 → "123 457", 2.345 → "2.3" (toLocaleString would load locale data on the first frame). */
const thousands = (v) => (v < 10 ? v.toFixed(1) : String(Math.round(v)).replace(/\B(?=(\d{3})+$)/g, '\u202f'));

export function Toolbar({ view, playing, ready, onPlay, onStep, onReset, pace, onPace }) {
  const epoch = useRef(null), speed = useRef(null), lr = useRef(null);
  usePlot(view, 'toolbar', () => ({
    draw(v) {
      const m = v.last?.meta;
      if (!m) return;
      epoch.current.textContent = String(m.epoch).padStart(6, '0');
      speed.current.textContent = m.playing
        ? `${thousands(m.stepsPerSec)} steps/s · ${thousands(m.epochsPerSec)} epochs/s`
        : 'paused';
      lr.current.textContent = formatNumber(m.lr);
    },
  }));
  return (
    <div class="nnp-toolbar" role="toolbar" aria-label="Training">
      <button type="button" class="nnp-btn nnp-reset" onClick={onReset} disabled={!ready}
        title="Reset the network to its initial weights (same seed)" aria-label="Reset"><Icon d={RESET} /></button>
      <button type="button" class="nnp-btn nnp-play" onClick={onPlay} disabled={!ready}
        aria-pressed={playing} aria-label={playing ? 'Pause' : 'Play'} data-testid="play">
        <Icon d={playing ? PAUSE : PLAY} />
      </button>
      <button type="button" class="nnp-btn nnp-step" onClick={onStep} disabled={!ready || playing}
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
        <Field row={ROW.pace} value={pace} onChange={onPace} />
      </div>
      <div class="nnp-readout">
        <span class="nnp-readout-label">Current learning rate</span>
        <span ref={lr} data-testid="lr">–</span>
      </div>
    </div>
  );
}
