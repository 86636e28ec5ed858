// Playground — one complete, self-contained playground: its own worker, view and state, no
// globals, styles scoped under .nnp. The full page is one use of it (main.jsx); embed.js
// mounts one per <div data-nnplay>. Preact owns the controls; plots draw imperatively.

import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { View } from '../../lib/view.js';
import { useBridge } from '../../lib/use-bridge.js';
import { usePlot } from '../../lib/use-plot.js';
import { reconcile, defaults, task } from '../../state.js';
import { writeModelFile, readModelFile } from '../../lib/model-file.js';
import { toPyTorch } from '../../lib/pytorch.js';
import { gradcheckVerdict } from '../../lib/gradcheck.js';
import { Toolbar } from '../toolbar/index.jsx';
import { DataPanel } from '../data-panel/index.jsx';
import { NetworkPanel } from '../network-panel/index.jsx';
import { OutputPanel } from '../output-panel/index.jsx';
import { ChartsPanel } from '../charts-panel/index.jsx';
import { SettingsPanel } from '../settings-panel/index.jsx';
import { SharePanel } from '../share-panel/index.jsx';
import { Messages } from '../messages/index.jsx';
import './style.css';

const MAX_MESSAGES = 5;

/**
 * @param {{initial: Record<string, any>, initialErrors?: string[], wasmUrl: string, workerUrl: string,
 *   permalink: (state: Record<string, any>) => string, onStateChange?: (state: Record<string, any>) => void,
 *   title?: string, compact?: boolean}} props  compact: the training settings and sharing fold
 *   away under a disclosure, for embedding in running text
 */
export function Playground({ initial, initialErrors = [], wasmUrl, workerUrl, permalink, onStateChange, title, compact = false }) {
  const [state, setState] = useState(initial);
  const [playing, setPlaying] = useState(false);
  const [ready, setReady] = useState(false);
  const msgId = useRef(0);
  const toItem = (kind, text) => ({ id: ++msgId.current, kind, text });
  const [messages, setMessages] = useState(() => initialErrors.map((t) => toItem('error', t)));
  const say = (kind, text) => setMessages((ms) =>
    (ms.at(-1)?.text === text ? ms : [...ms.slice(1 - MAX_MESSAGES), toItem(kind, text)]));
  const view = useMemo(() => new View(), []);
  const root = useRef(null);

  const bridge = useBridge({
    workerUrl, wasmUrl, initial, view,
    onReady: (r) => { setReady(true); if (r.refused) say('error', r.refused); },
    onStopped: (ev) => { setPlaying(false); say(ev.reason === 'diverged' || ev.reason === 'error' ? 'error' : 'info', ev.message); },
    onError: (m) => { setPlaying(false); say('error', m); },
  });
  usePlot(view, 'root', () => ({ draw() { if (bridge.current) root.current.dataset.frames = String(bridge.current.frames); } }));
  useEffect(() => view.setDisplay({ showTest: state.showTest, discretize: state.discretize }), [state.showTest, state.discretize]);

  /** A request to the worker; failures become messages on the page. */
  const send = async (type, payload = {}) => {
    try {
      return await bridge.current.request(type, payload);
    } catch (e) {
      say('error', e.message);
      if (type !== 'gradcheck') setPlaying(false);
      return null;
    }
  };

  const apply = (next) => {
    reconcile(next).forEach((n) => say('info', n));
    current.current = next;
    setState(next);
    onStateChange?.(next);
    send('config', { state: next });
  };
  // Stable across renders (it reads the latest state through a ref), so the memoized panels
  // do not re-render when only `playing` or the messages change.
  const current = useRef(state);
  const update = useCallback((patch) => apply({ ...current.current, ...patch }), []);

  const addPoint = useCallback((x1, x2, label) => send('addPoint', { x1, x2, label }), []);
  const removePoint = useCallback((x1, x2) => send('removePoint', { x1, x2 }), []);
  const togglePlay = () => {
    setPlaying(!playing);
    send(playing ? 'pause' : 'play');
  };
  const download = (name, text, type) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const exportModel = async () => {
    const m = await send('export');
    if (m) download('nnplay-model.json', writeModelFile(m), 'application/json');
  };
  const exportPyTorch = async () => {
    const m = await send('export');
    if (m && view.points) download('nnplay_model.py', toPyTorch(m, view.points, state.batch), 'text/x-python');
  };
  const importModel = async (file) => {
    try {
      const { state: next, params, bnState, warnings } = readModelFile(await file.text());
      warnings.forEach((w) => say('error', w));
      setPlaying(false);
      current.current = next;
      setState(next);
      onStateChange?.(next);
      // The file holds the weights, not the optimizer's state: say what training resumes from.
      if (await send('import', { state: next, params, bnState })) {
        say('info', `Imported ${file.name}. Training continues from these weights with a fresh optimizer ` +
          '(momenta and Adam\'s moments at zero, the learning-rate schedule from its start).');
      }
    } catch (e) {
      say('error', e.message);
    }
  };
  const gradcheck = async () => {
    const r = await send('gradcheck');
    if (!r) return 'failed (see message)';
    return gradcheckVerdict(r.maxRelErr, r.maxGrad);
  };

  // The data set tiles: samples from the engine, again when the kind of problem, the noise or
  // the number of classes changes.
  const [previews, setPreviews] = useState(null);
  useEffect(() => {
    if (ready) send('previews').then((p) => p && setPreviews(p));
  }, [ready, state.problem, state.noise, state.classes]);

  const lower = (
    <div class="nnp-lower">
      <SettingsPanel state={state} update={update} />
      <SharePanel permalink={permalink(state)} ready={ready} perceptron={state.perceptron}
        onResetDefaults={() => apply(defaults())} onExport={exportModel} onImport={importModel}
        onPyTorch={exportPyTorch} onGradcheck={gradcheck} />
    </div>
  );
  return (
    <div class="nnp" ref={root}>
      <header class="nnp-top">
        {title && <h1 class="nnp-title">{title}</h1>}
        <Toolbar view={view} playing={playing} ready={ready} onPlay={togglePlay}
          onStep={() => send('step')} onReset={() => { setPlaying(false); send('reset'); }}
          pace={state.pace} onPace={(v) => update({ pace: v })} />
      </header>
      <Messages items={messages} onDismiss={(id) => setMessages((ms) => ms.filter((m) => m.id !== id))} />
      <div class="nnp-main">
        <DataPanel state={state} update={update} previews={previews} />
        <NetworkPanel state={state} update={update} view={view} />
        <OutputPanel state={state} update={update} view={view}
          onAddPoint={addPoint} onRemovePoint={removePoint} />
      </div>
      <ChartsPanel view={view} task={task(state)} />
      {compact ? <details class="nnp-more"><summary>More settings, sharing and export</summary>{lower}</details> : lower}
    </div>
  );
}
