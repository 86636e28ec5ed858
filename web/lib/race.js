// race.js — what a lesson's race is made of, the same wherever it is run: in the worker
// (worker/lessons.js), in the build's figures (scripts/lesson-figures.js) and in the tests
// that replay a race in Node. A race (presets/lessons.js) is a spec, runs that each change a
// few of its fields, and a toy data set.

/**
 * A run's model spec: the race's spec with the run's fields over it, its label left out.
 * @param {Record<string, any>} spec @param {{label?: string} & Record<string, any>} run
 */
export const runSpec = (spec, { label, ...fields }) => ({ ...spec, ...fields });

/**
 * A toy set's first n points as the engine makes them, x as the features named (the raw
 * x1, x2 without).
 * @param {import('../engine.js').Engine} engine
 * @param {{name: string, n: number, noise?: number, seed?: number, features?: string[]}} d
 */
export function toyRows(engine, d) {
  const toy = engine.toy(d.name, d.n, d.noise ?? 0, 2, d.seed ?? 1);
  return { x: d.features ? engine.toyFeatures(toy.x, d.features) : toy.x, y: toy.y };
}
