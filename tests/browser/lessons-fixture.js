// lessons-fixture.js — a course page holding the lesson sources of web/lessons/ that carry the
// lessons' own presets (backprop, the races, surface, gradcheck), as they are, the math left as
// its $…$ source, loading <nn-playground> from the nnplay server `nn`: the widgets tested as a
// lesson embeds them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.js';

export const LESSONS = ['03-backprop', '06-optimizers', '10-gradcheck'];
/** The lessons whose widgets are races of their own presets (race-activations, -init, -batchnorm, -schedules). */
export const RACE_LESSONS = ['04-activations', '08-initialization', '09-schedules'];

/** @param {string} nn  the nnplay server's address @param {string[]} [names] */
export function lessonPage(nn, names = LESSONS) {
  const body = names.map((n) => `<article id="${n}">${readFileSync(join(ROOT, 'web', 'lessons', `${n}.html`), 'utf8')}</article>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lessons</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<link rel="stylesheet" href="lesson.css"><script type="module" src="${nn}/nnplay.js"></script></head>
<body><main>${body.join('\n')}</main></body></html>`;
}

export const LESSON_CSS = 'body { font: 16px/1.5 system-ui, sans-serif; margin: 0; } main { max-width: 860px; margin: 0 auto; padding: 12px; } ' +
  'nn-playground { margin: 12px 0; } .try { border-left: 4px solid #0877bd; padding: 4px 12px; background: #f3f8fc; }';
