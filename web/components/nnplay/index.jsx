// Nnplay — one complete nnplay: its own worker, view and state, no globals, styles scoped
// under .nnp. Every page is a preset of it (web/presets/): the playground, MNIST, house
// prices, churn, the learner's CSV; several can share a page (<nn-playground>, web/element/).
// The preset names the data source, the default settings and the panels; the panels
// (./panels.js) get one `ctx` and ask the worker only for the snapshot sections they draw.
// Preact owns the controls; plots draw imperatively from the view. An embedding may lock
// settings (shown, fixed), show a few settings only (`fields`), hear what happens (`onEvent`)
// and drive it (`api`).

import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { View } from '../../lib/view.js';
import { useBridge } from '../../lib/use-bridge.js';
import { usePlot } from '../../lib/use-plot.js';
import { reconcile, defaults, serialize, toyTask, toyClasses, fitActs, outputHead } from '../../lib/settings.js';
import { label } from '../../lib/names.js';
import { Locked } from '../../lib/locked.js';
import { writeModelFile } from '../../lib/model-file.js';
import { toPyTorch } from '../../lib/pytorch.js';
import { gradcheckVerdict } from '../../lib/gradcheck.js';
import { PANELS } from './panels.js';
import { formatNumber } from '../../plots/linechart.js';
import { Toolbar } from '../toolbar/index.jsx';
import { Messages } from '../messages/index.jsx';
import { PageNav } from '../page-nav/index.jsx';
import { LoadBar } from '../load-bar/index.jsx';
import './style.css';

const MAX_MESSAGES = 5;
/**
 * What a message is about, so it goes when its cause does: 'settings' a refused address or
 * attribute value (until dismissed), 'config' a setting the worker refused (until one is
 * accepted), 'run' what happened to the run (a stop, a fresh optimizer, an import: until the
 * learner trains on or a new model starts), 'saturated' the hint (while it holds), 'request'
 * any other failure.
 * @typedef {'settings' | 'config' | 'run' | 'saturated' | 'request'} Scope
 */
// The settings a preset's `fit` follows.
const FIT_KEYS = ['batch', 'max_epochs', 'lr'];

/**
 * @typedef {import('../../lib/settings.js').State} State
 * @typedef {{title: string, gz: string, gz_bytes: number, split: string, train: number, test: number,
 *   features: string[], classes?: string[], class_counts?: {train: number[], test: number[]},
 *   columns?: {name: string, kind: string, mean?: number, std?: number, levels?: string[]}[],
 *   targets?: {name: string, mean: number, std: number, transform?: string}[],
 *   missing?: {column: string, rows: number, filled_with: number | string, why: string}[]}} Description
 *   what datasets/convert.js writes beside a set
 * What every panel gets.
 * @typedef {object} Ctx
 * @property {string} id  unique on the page, for element ids
 * @property {import('../../presets/index.js').Preset} preset
 * @property {string[]} panels  the panels shown
 * @property {string[] | null} fields  the settings the settings panel shows (null: its own)
 * @property {State} state  the settings (lib/settings.js)
 * @property {(patch: Record<string, any>) => void} update
 * @property {'binary'|'multiclass'|'regression'} task
 * @property {number} outputs
 * @property {Record<string, any> | null} info  what the worker said of the data
 * @property {Description | null} desc  a real set's description (data/<name>.json)
 * @property {View} view
 * @property {boolean} ready  the data are in and the settings were sent
 * @property {boolean} playing
 * @property {boolean} busy  the worker is reading or encoding the learner's file
 * @property {{phase: string, fraction: number} | null} work  its progress
 * @property {any[] | null} previews  the toy sets' tiles
 * @property {((state: State) => string) | undefined} permalink
 * @property {(type: string, payload?: Record<string, any>) => Promise<any>} send  a request;
 *   a failure becomes a message and null
 * @property {(type: string, payload?: Record<string, any>) => Promise<any>} request  a request
 *   whose failure the caller shows
 * @property {(type: string, payload: Record<string, any>, phase: string) => Promise<any>} longRequest
 *   long work on the data, with play and the settings locked meanwhile; rejects on failure
 * @property {(info: Record<string, any> | null) => Promise<void>} opened  the worker trains
 *   on new data now (null: none)
 * @property {{epochs: Float32Array, lr: Float32Array} | null} lrCurve  the learning rate over the
 *   coming epochs, from the engine's schedule (worker/session.js schedule)
 * @property {Record<string, (...a: any[]) => any>} actions
 */

/**
 * What an embedding can do (web/element/): filled in by every render.
 * @typedef {{play?: () => void, pause?: () => void, reset?: () => void, state?: () => State,
 *   setState?: (patch: Record<string, any>) => void}} Api
 */

/**
 * @param {{preset: import('../../presets/index.js').Preset, initial: State,
 *   errors?: string[], panels?: string[], fold?: string[], nav?: boolean, heading?: boolean,
 *   locked?: string[], fields?: string[] | null, api?: Api,
 *   wasmUrl: string, workerUrl: string, permalink?: (state: State) => string,
 *   onStateChange?: (state: State) => void, onEvent?: (type: string, detail: Record<string, any>) => void}} props
 *   fold: panels tucked under a disclosure, for embedding in running text; locked: settings
 *   the learner cannot change; onEvent: 'ready', 'play', 'pause', 'epoch' (a drawn frame of a
 *   new epoch), 'stopped'
 */
export function Nnplay({ preset, initial, errors = [], panels = preset.panels, fold = [], nav = false, heading = true,
  locked = [], fields = null, api = {}, wasmUrl, workerUrl, permalink, onStateChange, onEvent = () => {} }) {
  const id = useId();
  const [state, setState] = useState(initial);
  const current = useRef(state);
  const [playing, setPlaying] = useState(false);
  const [ready, setReady] = useState(false);
  const [info, setInfo] = useState(/** @type {Record<string, any> | null} */ (null));
  const [desc, setDesc] = useState(/** @type {Description | null} */ (null));
  const [load, setLoad] = useState(/** @type {{loaded: number, total: number} | null} */ (null));
  const [work, setWork] = useState(/** @type {{phase: string, fraction: number} | null} */ (null));
  const [previews, setPreviews] = useState(null);
  const [lrCurve, setLrCurve] = useState(/** @type {Ctx['lrCurve']} */ (null));
  const msgId = useRef(0);
  /** @param {'error' | 'info'} kind @param {string} text @param {Scope} scope */
  const toItem = (kind, text, scope) => ({ id: ++msgId.current, kind, text, scope });
  const [messages, setMessages] = useState(() => errors.map((t) => toItem('error', t, 'settings')));
  /** @param {'error' | 'info'} kind @param {string} text @param {Scope} [scope] */
  const say = (kind, text, scope = 'request') => setMessages((ms) =>
    (ms.at(-1)?.text === text ? ms : [...ms.slice(1 - MAX_MESSAGES), toItem(kind, text, scope)]));
  /** The messages whose cause is gone. @param {Scope[]} scopes */
  const clear = (...scopes) => setMessages((ms) => (ms.some((m) => scopes.includes(m.scope)) ? ms.filter((m) => !scopes.includes(m.scope)) : ms));
  const view = useMemo(() => new View(), []);
  const root = useRef(null);
  const open = panels.filter((p) => !fold.includes(p) && fits(p, state)), folded = panels.filter((p) => fold.includes(p) && fits(p, state));
  /** The snapshot sections the panels shown with these settings draw. @param {State} s */
  const wantOf = (s) => [...new Set(panels.filter((p) => fits(p, s)).flatMap((p) => PANELS[p].sections))];
  const plane = preset.source.kind === 'toy';
  const task = plane ? toyTask(state) : info?.task ?? 'binary';
  const outputs = outputHead(task, plane ? toyClasses(state) : info?.classes ?? 2).units;

  const bridge = useBridge({
    workerUrl, view,
    start: () => { start(); },
    onProgress: (p) => {
      if (p.kind === 'download') setLoad({ loaded: p.loaded, total: p.total });
      else setWork((w) => (w ? { phase: p.phase, fraction: p.fraction } : w));
    },
    onStopped: (ev) => {
      setPlaying(false);
      say(ev.reason === 'diverged' || ev.reason === 'error' ? 'error' : 'info', ev.message, 'run');
      hear.current('stopped', { reason: ev.reason, message: ev.message });
    },
    onCrash: (m) => { setPlaying(false); setReady(false); say('error', m); },
  });
  const lastEpoch = useRef(-1), hear = useRef(onEvent), saturated = useRef(0);
  hear.current = onEvent;
  usePlot(view, 'root', () => ({
    draw(v) {
      if (bridge.current) root.current.dataset.frames = String(bridge.current.frames);
      const m = v.last?.meta;
      if (!m) return;
      // A hint while the outputs are saturated, gone once they are not.
      const guess = m.saturated ?? 0;
      if ((guess > 0) !== (saturated.current > 0)) {
        saturated.current = guess;
        if (!guess) clear('saturated');
        else {
          say('error', `The outputs are saturated: the training loss ${formatNumber(m.trainLoss)} is far above guessing's ` +
            `${formatNumber(guess)}, so the network is confidently wrong on most points. Steps this large push the units ` +
            'to the flat ends of their activations, where the gradients vanish and the loss stays. Lower the learning rate and reset.', 'saturated');
        }
      }
      if (m.epoch === lastEpoch.current) return;
      lastEpoch.current = m.epoch;
      if (m.epoch > 0) hear.current('epoch', { epoch: m.epoch, trainLoss: m.trainLoss, testLoss: m.testLoss, trainAcc: m.trainAcc, testAcc: m.testAcc });
    },
  }));
  const told = useRef(playing);
  useEffect(() => {
    if (playing !== told.current) onEvent(playing ? 'play' : 'pause', {});
    told.current = playing;
  }, [playing]);
  useEffect(() => { if (ready) onEvent('ready', { state: current.current }); }, [ready]);

  /** @type {Ctx['send']} */
  const send = async (type, payload = {}) => {
    try {
      return await bridge.current.request(type, payload);
    } catch (e) {
      say('error', e.message, type === 'config' ? 'config' : 'request');
      if (type !== 'gradcheck') setPlaying(false);
      return null;
    }
  };

  /** The worker took the settings: refusals and the last run's messages go, its notes come. @param {any} r */
  const configured = (r) => {
    if (!r) return;
    clear('config', ...(r.rebuilt ? /** @type {Scope[]} */ (['run', 'saturated']) : []));
    r.notes.forEach((/** @type {string} */ n) => say('info', n, 'run'));
    setLrCurve(r.schedule);
  };

  async function start() {
    const src = preset.source;
    let title = src.name;
    try {
      await bridge.current.request('init', { wasm: wasmUrl });
      if (src.kind === 'csv') return; // the learner's file comes first
      /** @type {Record<string, any>} */
      let source = src;
      if (src.kind === 'nnds') {
        const d = await fetchDescription(src.name, wasmUrl);
        title = d.title;
        setDesc(d);
        setLoad({ loaded: 0, total: d.gz_bytes });
        source = { kind: 'nnds', url: new URL(`data/${d.gz}`, wasmUrl).href, gzBytes: d.gz_bytes,
          transforms: (d.targets ?? []).map((/** @type {{transform?: string}} */ t) => t.transform), image: src.image };
      }
      await opened(await bridge.current.request('open', { source }));
    } catch (e) {
      say('error', src.kind === 'toy' ? e.message : `Loading ${title} failed: ${e.message}`);
    } finally {
      setLoad(null);
    }
  }

  /** @type {Ctx['opened']} */
  async function opened(i) {
    setInfo(i);
    setPlaying(false);
    if (!i) { setReady(false); return; }
    // The rules between settings are the engine's: what it refuses in the page's settings
    // goes back to the preset's value, with a note, before the first model is built.
    const fixed = await send('repair', { state: fitted(current.current, i), fallback: fitted(defaults(preset.settings), i) });
    if (fixed) {
      fixed.notes.forEach((/** @type {string} */ n) => say('error', n, 'settings'));
      settle(fixed.state);
    }
    configured(await send('config', { state: current.current, want: wantOf(current.current) }));
    setReady(true);
    if (plane) send('previews').then((p) => p && setPreviews(p));
  }

  /** The settings with what the preset makes follow the data. @param {State} s @param {Record<string, any> | null} data */
  const fitted = (s, data) => (preset.fit && data ? { ...s, ...preset.fit(s, data) } : s);
  /** The page's settings are these now. @param {State} next */
  const settle = (next) => {
    current.current = next;
    setState(next);
    onStateChange?.(next);
  };
  /** @param {State} next */
  const apply = async (next) => {
    reconcile(next).forEach((n) => say('info', n, 'settings'));
    settle(next);
    if (ready) configured(await send('config', { state: next, want: wantOf(next) }));
  };
  /** @param {Record<string, any>} patch */
  const change = (patch) => {
    const next = { ...current.current, ...patch };
    if (patch.hidden && !patch.acts) next.acts = fitActs(next.acts, next.hidden.length);
    // Another model brings its own shape and rate (presets' models) but for what the widget
    // fixed; what the patch says wins.
    const model = patch.model !== undefined && preset.models?.[patch.model];
    if (model) Object.assign(next, Object.fromEntries(Object.entries(model).filter(([k]) => !locked.includes(k))), patch);
    apply(model || FIT_KEYS.some((k) => k in patch) ? fitted(next, info) : next);
  };
  /** The learner's edit: a locked setting keeps its value. @type {Ctx['update']} */
  const update = (asked) => {
    const fixed = Object.keys(asked).filter((k) => locked.includes(k));
    if (fixed.length) say('info', `${fixed.map(label).join(', ')}: fixed in this widget.`);
    const patch = Object.fromEntries(Object.entries(asked).filter(([k]) => !locked.includes(k)));
    if (Object.keys(patch).length) change(patch);
  };

  // The data set tiles: samples from the engine, again when the kind of problem, the noise or
  // the number of classes changes.
  useEffect(() => {
    if (ready && plane) send('previews').then((p) => p && setPreviews(p));
  }, [state.problem, state.noise, state.classes]);

  /** @param {string} name @param {string} text @param {string} type */
  const download = (name, text, type) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  /** The state with the locked settings' current values. @param {State} s */
  const keepLocked = (s) => ({ ...s, ...Object.fromEntries(locked.map((k) => [k, current.current[k]])) });
  /** @param {boolean} on */
  const run = (on) => {
    if (on === playing || !ready || work) return;
    if (on) clear('run'); // training on: what stopped it is gone
    setPlaying(on);
    send(on ? 'play' : 'pause');
  };
  const actions = {
    togglePlay() { run(!playing); },
    step() { clear('run'); return send('step'); },
    reset() { setPlaying(false); clear('run', 'saturated'); send('reset'); },
    /** The diagram's unit to show large in the output plane (null: the output again). @param {{layer: number, unit: number} | null} focus */
    focus: (focus) => send('focus', { focus }),
    /** @param {number} layer @param {number} from @param {number} to @param {number} value */
    setWeight: (layer, from, to, value) => send('setWeight', { layer, from, to, value }),
    resetDefaults: () => apply(keepLocked(fitted(defaults(preset.settings), info))),
    /** @param {number} x1 @param {number} x2 @param {number} label */
    addPoint: (x1, x2, label) => send('addPoint', { x1, x2, label }),
    /** @param {number} x1 @param {number} x2 */
    removePoint: (x1, x2) => send('removePoint', { x1, x2 }),
    async exportModel() {
      const m = await send('export', { settings: serialize(state) });
      if (m) download('nnplay-model.json', writeModelFile(m), 'application/json');
    },
    async exportPyTorch() {
      // The plane's points go into the script; MNIST's images it reads from their files.
      const data = view.points ?? (preset.source.name === 'mnist' ? { image: preset.source.image } : null);
      if (!data) { say('error', 'PyTorch export: only for the playground\'s points and MNIST.'); return; }
      const m = await send('export', { settings: serialize(state) });
      if (m) download('nnplay_model.py', toPyTorch(m, data, state.batch), 'text/x-python');
    },
    /** @param {File} file */
    async importModel(file) {
      setPlaying(false);
      // The worker reads and checks the file (the page never holds its bytes), and the controls
      // change only once it has accepted it. The file holds the weights, not the optimizer's
      // state: say what training resumes from.
      const r = await send('import', { file });
      if (!r) return;
      clear('run', 'saturated');
      r.warnings.forEach((/** @type {string} */ w) => say('error', w, 'run'));
      const kept = keepLocked(r.state);
      if (locked.some((k) => JSON.stringify(kept[k]) !== JSON.stringify(r.state[k]))) {
        // The file's network stands only where it keeps what the widget fixed.
        say('info', `The file's ${locked.map(label).join(', ')} differ from this widget's fixed ones: a new network of its own settings instead.`, 'run');
        apply(kept);
        return;
      }
      settle(r.state);
      say('info', `Imported ${file.name}. Training continues from these weights with a fresh optimizer ` +
        '(momenta and Adam\'s moments at zero, the learning-rate schedule from its start).', 'run');
    },
    async gradcheck() {
      const r = await send('gradcheck');
      return r ? gradcheckVerdict(r.maxRelErr, r.maxGrad) : 'failed (see message)';
    },
  };

  Object.assign(api, {
    play: () => run(true), pause: () => run(false), reset: actions.reset,
    state: () => current.current,
    setState: change, // the author's: locks do not hold
  });

  /** @type {Ctx} */
  const ctx = {
    id, preset, panels, fields, state, update, task, outputs, info, desc, view, ready, playing, busy: Boolean(work), work, lrCurve,
    previews, permalink, send, opened, actions, request: (type, payload) => bridge.current.request(type, payload),
    async longRequest(type, payload, phase) {
      setWork({ phase, fraction: 0 });
      setPlaying(false);
      try {
        return await bridge.current.request(type, payload);
      } finally {
        setWork(null);
      }
    },
  };
  const shown = (/** @type {string} */ p) => {
    const { Component, tasks } = PANELS[p];
    if (tasks && !(plane || info) || (tasks && !tasks.includes(task))) return null;
    return <Component ctx={ctx} />;
  };
  return (
    <Locked.Provider value={locked}>
      <div class={`nnp nnp-layout-${preset.layout ?? 'grid'}`} ref={root}>
        {nav ? <PageNav page={preset.id} /> : null}
        <header class="nnp-top">
          {heading ? <h1 class="nnp-title">{preset.title}</h1> : null}
          {heading && preset.lead ? <p class="nnp-lead">{preset.lead}</p> : null}
          {preset.toolbar === false ? null : <Toolbar ctx={ctx} />}
        </header>
        {load ? <LoadBar loaded={load.loaded} total={load.total} label={`Downloading ${desc?.title ?? preset.source.name}`} /> : null}
        <Messages items={messages} onDismiss={(mid) => setMessages((ms) => ms.filter((m) => m.id !== mid))} />
        <div class="nnp-main">{open.map(shown)}</div>
        {folded.length ? (
          <details class="nnp-more">
            <summary>More settings, sharing and export</summary>
            <div class="nnp-main">{folded.map(shown)}</div>
          </details>
        ) : null}
        {preset.credit ? <footer class="nnp-credit">{preset.credit(desc)}</footer> : null}
      </div>
    </Locked.Provider>
  );
}

/** Whether a panel belongs with these settings (a model's own views). @param {string} p @param {State} s */
const fits = (p, s) => !PANELS[p].models || PANELS[p].models.includes(s.model);

/**
 * A real set's description, written by `make datasets`; the data sit beside the wasm.
 * @param {string} name @param {string} base
 */
async function fetchDescription(name, base) {
  const res = await fetch(new URL(`data/${name}.json`, base));
  if (!res.ok) throw new Error(`data/${name}.json: HTTP ${res.status} (has \`make datasets\` run?)`);
  return res.json();
}
