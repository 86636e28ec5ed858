// lessons.js — builds the lessons:
//   node scripts/lessons.js <web/lessons> <build/web/lessons> <nnplay.wasm>
// Each web/lessons/NN-slug.html (NN two digits) is an HTML fragment: <h1>, <p class="lead">,
// paragraphs, <nn-playground> widgets, and a closing <section class="try">. In number order
// (missing numbers skipped) each becomes a page of its own: the site's links, the fragment
// with its math typeset by KaTeX now (so no math library runs at page load), under every
// widget a folded snippet a course author can copy, then the previous and next lesson. An
// index page lists every lesson by its title and lead. KaTeX's CSS and fonts are copied beside.
// Still figures (<figure data-figure>) are drawn by the engine itself (lesson-figures.js).
//
// Math: $…$ inline, $$…$$ displayed, \$ a dollar sign. The server's policy refuses inline style
// attributes, so KaTeX's are moved into one <style> element of the page (which serve.js allows
// by its hash) as classes.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import katex from 'katex';
import { NAV } from '../web/presets/index.js';
import { Engine } from '../web/engine.js';
import { drawFigures } from './lesson-figures.js';

const FILE = /^(\d\d)-[a-z0-9-]+\.html$/;
const HOST_SCRIPT = '<script type="module" src="https://YOUR-NNPLAY-HOST/nnplay.js"></script>';

/** @param {string} s */
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The fragment's math typeset; every KaTeX style attribute becomes a class of `styles`.
 * @param {string} html @param {string} where  the file, for errors
 * @param {Map<string, string>} styles  style text → class name, shared by the page
 */
export function typeset(html, where, styles) {
  const DOLLAR = '\u0000';
  const text = html.replace(/\\\$/g, DOLLAR);
  const out = text.replace(/\$\$([\s\S]+?)\$\$|\$([^$]+?)\$/g, (_, display, inline) => {
    const tex = (display ?? inline).replace(new RegExp(DOLLAR, 'g'), '\\$');
    try {
      return katex.renderToString(tex, { displayMode: display !== undefined, throwOnError: true, output: 'html' });
    } catch (e) {
      throw new Error(`${where}: ${e.message} in $${tex}$`);
    }
  });
  if (out.includes('$')) throw new Error(`${where}: an unpaired $ (write \\$ for a dollar sign)`);
  return out.replace(/ style="([^"]*)"/g, (_, css) => {
    if (!styles.has(css)) styles.set(css, `ks${styles.size}`);
    return ` class-style="${styles.get(css)}"`;
  }).replace(/ class="([^"]*)"([^>]*?) class-style="([^"]*)"/g, ' class="$1 $3"$2')
    .replace(/ class-style="([^"]*)"/g, ' class="$1"')
    .replaceAll(DOLLAR, '$');
}

/** The <style> of a page's KaTeX classes: each declaration !important, as the attribute was. */
function styleSheet(/** @type {Map<string, string>} */ styles) {
  const rules = [...styles].map(([css, name]) => {
    const decls = css.split(';').map((d) => d.trim()).filter(Boolean).map((d) => `${d} !important`);
    return `.${name}{${decls.join(';')}}`;
  });
  return rules.length ? `<style>${rules.join('')}</style>\n` : '';
}

/** Under every widget, its snippet: the module's script tag and the element as written. */
export function addSnippets(/** @type {string} */ html) {
  return html.replace(/<nn-playground\b[\s\S]*?<\/nn-playground>/g, (tag) => `${tag}
<details class="snippet"><summary>Put this widget on your own page</summary>
<pre><code>${escapeHtml(`${HOST_SCRIPT}\n${tag.replace(/\n\s*/g, '\n  ')}`)}</code></pre></details>`);
}

/**
 * The lessons of a folder, in number order.
 * @param {string} dir @returns {{num: string, file: string, title: string, lead: string, body: string}[]}
 */
export function readLessons(dir) {
  return readdirSync(dir).filter((f) => FILE.test(f)).sort().map((file) => {
    const body = readFileSync(join(dir, file), 'utf8');
    const m = /^\s*<h1>([\s\S]*?)<\/h1>\s*<p class="lead">([\s\S]*?)<\/p>/.exec(body);
    if (!m) throw new Error(`${file}: must begin with <h1>Title</h1> and <p class="lead">one line</p>`);
    if (!/<section class="try">[\s\S]*<\/section>\s*$/.test(body)) throw new Error(`${file}: must end with <section class="try">`);
    return { num: FILE.exec(file)[1], file, title: m[1].trim(), lead: m[2].trim(), body };
  });
}

/** A page of the lessons: the site's links, its content, and what follows it. */
function shell(/** @type {{title: string, current: string, styles: string, content: string}} */ p) {
  const links = NAV.map((n) => {
    const href = n.id === 'lessons' ? 'index.html' : `../${n.href}`;
    return `<a href="${href}"${n.id === p.current ? ' aria-current="page"' : ''}>${n.nav}</a>`;
  }).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${p.title} · nnplay lessons</title>
<link rel="stylesheet" href="katex/katex.min.css">
<link rel="stylesheet" href="lessons.css">
${p.styles}<script type="module" src="../nnplay.js"></script>
</head>
<body>
<nav class="site-nav" aria-label="Pages">${links}</nav>
<main>
${p.content}
</main>
</body>
</html>
`;
}

/** Strips tags: a title as plain text. */
const plain = (/** @type {string} */ s) => s.replace(/<[^>]*>/g, '');

async function build(/** @type {string} */ src, /** @type {string} */ out, /** @type {string} */ wasm) {
  const lessons = readLessons(src);
  const engine = await Engine.load(readFileSync(wasm));
  mkdirSync(join(out, 'katex', 'fonts'), { recursive: true });
  lessons.forEach((l, i) => {
    const styles = new Map();
    const body = addSnippets(typeset(drawFigures(l.body, l.file, engine), l.file, styles));
    const prev = lessons[i - 1], next = lessons[i + 1];
    const link = (/** @type {any} */ o, /** @type {string} */ rel, /** @type {string} */ word) =>
      (o ? `<a rel="${rel}" href="${o.file}">${word}: ${o.title}</a>` : '<span></span>');
    const content = `<p class="crumb"><a href="index.html">Lessons</a> › lesson ${Number(l.num)}</p>
<article>
${body.trim()}
</article>
<nav class="prev-next" aria-label="Lessons">${link(prev, 'prev', 'Previous')}${link(next, 'next', 'Next')}</nav>`;
    writeFileSync(join(out, l.file), shell({ title: plain(l.title), current: 'lessons', styles: styleSheet(styles), content }));
  });
  const styles = new Map();
  const items = lessons.map((l) => `<li value="${Number(l.num)}"><a href="${l.file}">${l.title}</a> <span>${typeset(l.lead, l.file, styles)}</span></li>`);
  writeFileSync(join(out, 'index.html'), shell({
    title: 'From the perceptron to deep networks', current: 'lessons', styles: styleSheet(styles),
    content: `<h1>Lessons: from the perceptron to deep networks</h1>
<p class="lead">Each idea on a page of its own, with live networks you train as you read.</p>
<ol class="lessons">
${items.join('\n')}
</ol>`,
  }));
  copyFileSync(join(src, 'lessons.css'), join(out, 'lessons.css'));
  // Only the woff2 fonts: every browser that runs the engine's wasm reads woff2 and asks for
  // nothing else in KaTeX's src lists.
  const dist = join(createRequire(import.meta.url).resolve('katex'), '..');
  copyFileSync(join(dist, 'katex.min.css'), join(out, 'katex', 'katex.min.css'));
  for (const f of readdirSync(join(dist, 'fonts')).filter((f) => f.endsWith('.woff2')))
    copyFileSync(join(dist, 'fonts', f), join(out, 'katex', 'fonts', f));
  return lessons.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [src, out, wasm] = process.argv.slice(2);
  if (!src || !out || !wasm) { console.error('usage: node scripts/lessons.js <web/lessons> <build/web/lessons> <nnplay.wasm>'); process.exit(2); }
  try {
    console.log(`lessons: ${await build(src, out, wasm)} pages in ${out}`);
  } catch (e) {
    console.error(`lessons: ${e.message}`);
    process.exit(1);
  }
}
