// StatsPanel — how every column of a real set's table became the network's inputs, shown
// rather than hidden (from the set's description): numeric columns standardized with the
// training rows' mean and standard deviation, categorical ones one-hot encoded, and the
// targets with their own statistics.
import { Panel } from '../panel/index.jsx';
import './style.css';

const num = (/** @type {number} */ v) => (Math.abs(v) >= 1e4 ? v.toExponential(3) : Number(v.toPrecision(4)).toLocaleString('en'));

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function StatsPanel({ ctx }) {
  const desc = ctx.desc;
  return (
    <Panel title="Standardization of the inputs" span="wide">
      {desc ? <Stats desc={desc} /> : <p class="nnp-note">Once the description is in.</p>}
    </Panel>
  );
}

/** @param {{desc: import('../nnplay/index.jsx').Description}} props */
function Stats({ desc }) {
  const numeric = desc.columns.filter((c) => c.kind === 'numeric');
  const categorical = desc.columns.filter((c) => c.kind !== 'numeric');
  return (
    <div class="nnp-stats" data-testid="stats-table">
      <p class="nnp-note">
        {desc.columns.length} columns → {desc.features.length} inputs. Numeric: x′ = (x − mean) / std with the
        {' '}{desc.train.toLocaleString('en')} training rows' statistics only (the test rows tell the encoder nothing).
        Categorical: one input per level, 1 for the row's level, 0 elsewhere.
        {desc.missing?.length ? ` Missing values: ${desc.missing.map((m) => `${m.column} (${m.rows} rows, filled with ${m.filled_with}: ${m.why})`).join('; ')}.` : ' No missing values.'}
      </p>
      <div class="nnp-stats-scroll">
        <table>
          <thead><tr><th>column</th><th>kind</th><th>mean</th><th>std</th><th>inputs</th></tr></thead>
          <tbody>
            {desc.targets?.map((t) => (
              <tr class="nnp-stats-target"><td>{t.name} (target{t.transform === 'ln' ? ', ln' : ''})</td><td>target</td><td>{num(t.mean)}</td><td>{num(t.std)}</td><td>1</td></tr>
            ))}
            {numeric.map((c) => <tr><td>{c.name}</td><td>numeric</td><td>{num(c.mean)}</td><td>{num(c.std)}</td><td>1</td></tr>)}
            {categorical.map((c) => (
              <tr><td>{c.name}</td><td title={c.levels.join(', ')}>one-hot</td><td colspan={2} class="nnp-note">{c.levels.slice(0, 3).join(', ')}{c.levels.length > 3 ? ', …' : ''}</td><td>{c.levels.length}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
