// fixtures.js — a playground state with every setting away from its default (and valid), used
// by the URL round-trip tests in Node (tests/node/settings.test.js) and in the browser.
import { SETTINGS, defaults } from '../../web/lib/settings.js';

/** A valid value different from the row's default. */
export function otherValue(row) {
  switch (row.kind) {
    case 'bool': return !row.default;
    case 'seed': return row.default === 12345 ? 1 : 12345;
    case 'int': return row.default === row.max ? row.min : row.max;
    case 'float': return row.default === row.max ? row.min : row.min + (row.max - row.min) / 4;
    case 'enum': return row.values.find((v) => v !== row.default);
    case 'set': return row.values.slice(0, 3);
    case 'sizes': return [3, 5, 7];
    case 'acts': return ['relu', 'sigmoid', 'leaky_relu'];
    default: throw new Error(`fixtures: unknown kind ${row.kind}`);
  }
}

/** Every setting changed; the data set follows the (changed) problem type. */
export function nonDefaultState() {
  const s = defaults();
  for (const row of SETTINGS) s[row.key] = otherValue(row);
  s.dataset = 'multigauss'; // otherValue made the problem 'regression'
  s.points = 300;           // the maximum would make the page slow for nothing
  return s;
}
