// options.js — what an <nn-playground> is told, and the one table of it. An option or a
// setting may come from the `config` query string, an inline <script type="application/json">
// child, or an attribute of its own, read in that order, so an attribute wins. Settings are
// lib/settings.js's rows, matched as URL keys are (ignoring case and underscores); the element's
// own options are OPTIONS. Every bad value or unknown name becomes a message for that widget,
// and its default is used. Pure: Node tests it, and the docs page (embedding.html) is made
// from OPTIONS, EVENTS and METHODS.

import { findRow, parsePairs, parseValue } from '../lib/settings.js';

/** @typedef {{name: string, value: string, default: string, doc: string}} Option */

/** @type {Option[]} */
export const OPTIONS = [
  { name: 'preset', value: 'playground, mnist, mnist-cnn, houses, churn, csv; the lessons\' backprop, race, race-init, race-batchnorm, race-schedules, race-activations, surface, gradcheck', default: 'playground',
    doc: 'the page it is: its data (the real sets are fetched from data/ beside the module), settings and panels; mnist-cnn is the MNIST page with its CNN chosen (the model picker\'s settings for it)' },
  { name: 'controls', value: 'panel names and setting keys, comma-separated', default: 'the preset\'s panels',
    doc: 'what is shown besides the toolbar: the panels named, in that order, and for setting keys a settings panel with just their controls, where the first one is listed' },
  { name: 'locked', value: 'setting keys, comma-separated', default: 'none',
    doc: 'settings shown but fixed: their controls are disabled and marked "(fixed)", and the learner cannot change them' },
  { name: 'autoplay', value: 'present, or 1 / 0', default: 'absent',
    doc: 'starts training once the data are in, when the widget is on screen' },
  { name: 'height', value: 'a number (pixels) or a length: 480px, 30em, 60vh', default: 'its content\'s',
    doc: 'a fixed height; the widget scrolls inside it' },
  { name: 'config', value: 'a query string', default: 'none',
    doc: 'any of these options and settings at once, as in a permalink: dataset=xor&hidden=4,2&locked=lr' },
];

/** @type {{name: string, detail: string, doc: string}[]} */
export const EVENTS = [
  { name: 'ready', detail: '{state}', doc: 'the data are in and the first network is built' },
  { name: 'play', detail: '{}', doc: 'training started (the play button, play(), autoplay, or back on screen)' },
  { name: 'pause', detail: '{offscreen}', doc: 'training paused; offscreen: the widget left the screen and resumes when it is back' },
  { name: 'epoch', detail: '{epoch, trainLoss, testLoss, trainAcc, testAcc}', doc: 'a drawn frame of a new epoch (at most one per frame: fast training skips epochs); Acc is accuracy, or R² for regression' },
  { name: 'stopped', detail: '{reason, message}', doc: 'training stopped by itself: reason is cap (the epoch cap), early (early stopping), converged (the perceptron), diverged or error' },
  { name: 'change', detail: '{state}', doc: 'the settings changed, by the learner or by a script' },
];

/** @type {{name: string, doc: string}[]} */
export const METHODS = [
  { name: 'play()', doc: 'starts training (once ready)' },
  { name: 'pause()', doc: 'pauses training' },
  { name: 'reset()', doc: 'a new network from the weight seed: the same initial weights' },
  { name: 'state', doc: 'the settings, a copy: {lr: 0.03, hidden: [4, 2], ...}; assigning an object changes the settings it names (locked ones too: the author may), or throws and changes nothing if a value is refused' },
  { name: 'playing', doc: 'whether it is training (read-only)' },
];

const NAMES = new Set(OPTIONS.map((o) => o.name));
// Attributes HTML gives every element (and `hidden`, which is a setting here): never settings.
const GLOBAL = new Set(['id', 'class', 'style', 'title', 'lang', 'dir', 'tabindex', 'slot', 'part', 'exportparts',
  'role', 'is', 'nonce', 'translate', 'draggable', 'spellcheck', 'autofocus', 'accesskey', 'autocapitalize',
  'contenteditable', 'enterkeyhint', 'inert', 'inputmode', 'popover']);
const global = (/** @type {string} */ n) => GLOBAL.has(n) || /^(aria-|data-|on)/.test(n);
const LENGTH = /^\d+(\.\d+)?(px|em|rem|vh|svh|dvh)$/;

/**
 * A JSON value as the text an attribute would hold: lists comma-separated, switches 1 or 0.
 * @param {any} v @returns {string | null} null: no such text
 */
function asText(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(',');
  return null;
}

/** @param {string} s */
const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

/**
 * @typedef {{preset: string, panels: string[], fields: string[] | null, locked: string[],
 *   autoplay: boolean, height: string, state: import('../lib/settings.js').State, errors: string[]}} Read
 */

/**
 * Reads everything an element was told.
 * @param {{config?: string | null, json?: string | null, attrs?: [string, string][]}} from
 * @param {Record<string, {settings: Record<string, any>}>} presets  by id
 * @param {string[]} panelNames  the panels there are
 * @returns {Read}
 */
export function readOptions({ config = null, json = null, attrs = [] }, presets, panelNames) {
  const errors = [];
  /** @type {[string, string][]} */
  const pairs = config ? [...new URLSearchParams(config.replace(/^[?#]/, ''))] : [];
  if (json !== null) {
    let obj = null;
    try { obj = JSON.parse(json); } catch (e) { errors.push(`The JSON settings are not JSON (${e.message}); ignored.`); }
    if (obj !== null && (typeof obj !== 'object' || Array.isArray(obj))) errors.push('The JSON settings must be an object, e.g. {"lr": 0.03}; ignored.');
    else if (obj) {
      for (const [k, v] of Object.entries(obj)) {
        const t = asText(v);
        if (t === null) errors.push(`The JSON setting "${k}" must be a string, a number, true/false or a list; ignored.`);
        else pairs.push([k, t]);
      }
    }
  }
  for (const [k, v] of attrs) if (k !== 'config' && !global(k)) pairs.push([k, v]);

  /** @type {Record<string, string>} */
  const opt = {};
  const settings = /** @type {[string, string][]} */ ([]);
  for (const [k, v] of pairs) {
    if (NAMES.has(k.toLowerCase())) opt[k.toLowerCase()] = v;
    else settings.push([k, v]);
  }

  let preset = opt.preset?.trim() ?? 'playground';
  if (!Object.hasOwn(presets, preset)) {
    errors.push(`Preset "${preset}" is not one of ${Object.keys(presets).join(', ')}; using the playground.`);
    preset = 'playground';
  }
  const { state, errors: refused } = parsePairs(settings, presets[preset].settings);
  errors.push(...refused);

  const panels = /** @type {string[]} */ ([]), fields = /** @type {string[]} */ ([]);
  for (const name of list(opt.controls ?? '')) {
    const row = panelNames.includes(name) ? null : findRow(name);
    if (panelNames.includes(name)) panels.push(name);
    else if (row?.kind === 'set') errors.push(`Control "${name}": ${row.key} is set in the network panel; show "network" instead.`);
    else if (row) {
      if (!fields.length && !panels.includes('settings')) panels.push('settings');
      fields.push(row.key);
    } else errors.push(`Control "${name}" is neither a panel (${panelNames.join(', ')}) nor a setting; ignored.`);
  }

  const locked = [];
  for (const name of list(opt.locked ?? '')) {
    const row = findRow(name);
    if (row) locked.push(row.key);
    else errors.push(`Locked "${name}" is not a setting; ignored.`);
  }

  const auto = opt.autoplay?.trim().toLowerCase();
  const autoplay = auto === undefined ? false : ['', '1', 'true', 'autoplay'].includes(auto);
  if (auto !== undefined && !autoplay && !['0', 'false'].includes(auto)) errors.push(`Autoplay "${auto}" must be present, 1 or 0; not playing by itself.`);

  let height = '';
  const h = opt.height?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(h)) height = `${h}px`;
  else if (LENGTH.test(h)) height = h;
  else if (h) errors.push(`Height "${h}" must be a number of pixels or a length such as 480px, 30em or 60vh; using the content's.`);

  return { preset, panels: opt.controls === undefined ? [] : panels, fields: fields.length ? fields : null,
    locked, autoplay, height, state, errors };
}

/**
 * A settings patch from a script (`element.state = {...}`), checked whole: every key a setting
 * and every value one its row takes, or it throws and nothing changes.
 * @param {Record<string, any>} patch
 * @returns {Record<string, any>} by the settings' own keys
 */
export function checkPatch(patch) {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) throw new TypeError('nn-playground: state must be an object of settings');
  return Object.fromEntries(Object.entries(patch).map(([k, v]) => {
    const row = findRow(k), text = asText(v);
    if (!row) throw new RangeError(`nn-playground: no setting "${k}"`);
    const r = text === null ? { ok: false, why: 'must be a string, a number, true/false or a list' } : parseValue(row, text);
    if (!r.ok) throw new RangeError(`nn-playground: ${k} ${r.why}`);
    return [row.key, r.value];
  }));
}
