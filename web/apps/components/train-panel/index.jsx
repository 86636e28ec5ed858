// TrainPanel — the network and training settings (rows of apps/shared/settings.js), the
// play / pause / reset buttons, and the progress bar with samples per second and the epoch's
// ETA. The progress figures are written into their elements by a plot attached to the view,
// so they move every frame without a re-render.

import { useId, useRef, useState } from 'preact/hooks';
import { usePlot } from '../../../lib/use-plot.js';
import { ROWS, parseSetting, describeNet } from '../../shared/settings.js';
import './style.css';

const duration = (ms) => (ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`);
const seconds = (s) => (!Number.isFinite(s) || s <= 0 ? '–' : s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

/**
 * @param {{view: any, settings: any, onSettings: (s: any) => void, trainer: any,
 *   inputs: number, outputs: number, hide?: string[]}} props
 */
export function TrainPanel({ view, settings, onSettings, trainer, inputs, outputs, hide = [] }) {
  const { state } = trainer;
  // idle: data in place and the worker not busy with it (the CSV page's reading and encoding)
  const idle = state.phase === 'ready' && !state.work, ready = idle && state.configured;
  const epochBar = useRef(null), epochText = useRef(null), speed = useRef(null), eta = useRef(null);
  usePlot(view, 'progress', () => ({
    draw(v) {
      const m = v.last?.meta;
      if (!m || !epochBar.current) return;
      const inEpoch = m.pos / m.nTrain;
      epochBar.current.value = m.epoch >= m.epochs ? 1 : inEpoch;
      epochText.current.textContent = `epoch ${Math.min(m.epoch + 1, m.epochs)} of ${m.epochs}` +
        (m.epoch >= m.epochs ? ' — done' : ` · ${(100 * inEpoch).toFixed(0)} %`);
      speed.current.textContent = m.playing ? `${Math.round(m.samplesPerSec).toLocaleString('en')} samples/s` : 'paused';
      const left = m.playing && m.samplesPerSec > 0 ? (m.nTrain - m.pos) / m.samplesPerSec : NaN;
      eta.current.textContent = `epoch ETA ${seconds(left)}` + (m.epochMillis ? ` · last epoch ${duration(m.epochMillis)}` : '');
    },
  }));
  return (
    <div class="nna-train">
      <div class="nna-train-buttons">
        <button type="button" class="nnp-btn nnp-reset" disabled={!ready} onClick={() => trainer.configure(settings)}
          title="Reset the network to its initial weights (same seed)" aria-label="Reset" data-testid="reset">↺</button>
        <button type="button" class="nnp-btn nnp-play" disabled={!ready} data-testid="play"
          aria-pressed={state.playing} aria-label={state.playing ? 'Pause' : 'Train'}
          onClick={() => (state.playing ? trainer.pause() : trainer.play())}>
          {state.playing ? '❚❚' : '▶'}
        </button>
        <div class="nna-train-net" data-testid="net">{describeNet(inputs, settings.hidden, outputs)}</div>
      </div>
      <div class="nna-progress">
        <progress ref={epochBar} max={1} value={0} aria-label="Progress through the epoch" />
        <div class="nna-progress-text">
          <span ref={epochText} data-testid="epoch">epoch 1</span>
          <span ref={speed} data-testid="speed">paused</span>
          <span ref={eta}>epoch ETA –</span>
        </div>
      </div>
      <div class="nna-settings">
        {ROWS.filter((r) => !hide.includes(r.key)).map((row) => (
          <SettingField row={row} value={settings[row.key]} disabled={state.playing || !idle}
            onChange={(v) => onSettings({ ...settings, [row.key]: v })} />
        ))}
      </div>
    </div>
  );
}

/** One setting: a select, a checkbox or a text box applied on change, with its refusal shown. */
function SettingField({ row, value, disabled, onChange }) {
  const id = `nna${useId()}`;
  const [bad, setBad] = useState('');
  if (row.type === 'bool') {
    return (
      <label class="nna-set nna-set-bool" title={row.help}>
        <input type="checkbox" checked={value} disabled={disabled} data-key={row.key}
          onChange={(e) => onChange(e.currentTarget.checked)} /> {row.label}
      </label>
    );
  }
  const apply = (e) => {
    const r = parseSetting(row, e.currentTarget.value);
    if (r.ok) { setBad(''); onChange(r.value); } else setBad(`${row.label} ${r.why}`);
  };
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  return (
    <div class="nna-set">
      <label for={id}>{row.label}</label>
      {row.type === 'enum'
        ? <select id={id} value={value} disabled={disabled} data-key={row.key} onChange={apply}>
            {row.values.map((v) => <option value={v}>{v}</option>)}
          </select>
        : <input id={id} value={text} disabled={disabled} data-key={row.key} title={row.help}
            inputMode={row.type === 'layers' ? 'text' : 'decimal'} aria-invalid={bad ? 'true' : undefined}
            onChange={apply} />}
      {bad ? <span class="nna-set-error" role="alert">{bad}</span> : null}
    </div>
  );
}
