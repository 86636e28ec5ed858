// DatasetPicker — the data sets as small pictures of their points (radio buttons underneath,
// so arrow keys move between them). The samples come from the worker's engine, the same
// generator the playground trains on; until they arrive the tiles show names only.

import { useEffect, useId, useRef } from 'preact/hooks';
import { drawPoints } from '../../plots/points.js';
import { valueName } from '../../lib/names.js';
import './style.css';

/** @param {{sample: {x: Float32Array, y: Float32Array, nTrain: number, task: string}}} props */
function Thumb({ sample }) {
  const canvas = useRef(null);
  useEffect(() => {
    const c = canvas.current, dpr = globalThis.devicePixelRatio || 1;
    c.width = c.height = Math.round(c.clientWidth * dpr) || 64;
    drawPoints(c, sample, { task: sample.task, showTest: true, radius: 1.6 });
  }, [sample]);
  return <canvas ref={canvas} class="nnp-thumb" aria-hidden="true" />;
}

/**
 * @param {{names: string[], value: string, previews: any[] | null, disabled?: boolean,
 *   onChange: (name: string) => void}} props
 */
export function DatasetPicker({ names, value, previews, disabled = false, onChange }) {
  const group = useId();
  return (
    <fieldset class="nnp-picker" disabled={disabled}>
      <legend>Data set</legend>
      <div class="nnp-tiles">
        {names.map((name) => {
          const sample = previews?.find((p) => p.name === name);
          return (
            <label class={`nnp-tile${name === value ? ' nnp-tile-on' : ''}`} title={valueName(name)}>
              <input type="radio" name={`nnp-ds${group}`} value={name} checked={name === value} data-key="dataset"
                onChange={() => onChange(name)} />
              {sample ? <Thumb sample={sample} /> : <span class="nnp-thumb" />}
              <span class="nnp-tile-name">{valueName(name)}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
