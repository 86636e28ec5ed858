// ImbalancePanel — how the two classes are shared in each split, from the set's description:
// what a classifier of rare cases is up against before it trains.

import { Panel } from '../panel/index.jsx';
import './style.css';

const pct = (/** @type {number} */ v) => `${(100 * v).toFixed(1)} %`;

/** @param {{ctx: import('../nnplay/index.jsx').Ctx}} props */
export function ImbalancePanel({ ctx }) {
  const counts = ctx.desc?.class_counts;
  const labels = ctx.preset.classLabels ?? ctx.desc?.classes ?? ['0', '1'];
  const rows = ctx.preset.rowsName ?? 'rows';
  return (
    <Panel title="The classes">
      {counts ? (
        <div class="nnp-imbalance" data-testid="imbalance">
          <div class="nnp-imb-row nnp-note">
            <span class="nnp-imb-split" />
            <span><i class="nnp-imb-key nnp-imb-no" />{labels[0]} <i class="nnp-imb-key nnp-imb-yes" />{labels[1]}</span>
          </div>
          {/** @type {const} */ (['train', 'test']).map((split) => {
            const c = counts[split], n = c[0] + c[1];
            // Only the shares inside the bar: the minority's segment is too narrow for its name too.
            return (
              <div class="nnp-imb-row">
                <span class="nnp-imb-split">{split}</span>
                <span class="nnp-imb-bar">
                  <span class="nnp-imb-no" style={{ width: `${(100 * c[0]) / n}%` }} title={`${labels[0]}: ${c[0]}`}>{pct(c[0] / n)}</span>
                  <span class="nnp-imb-yes" style={{ width: `${(100 * c[1]) / n}%` }} title={`${labels[1]}: ${c[1]}`}>{pct(c[1] / n)}</span>
                </span>
                <span class="nnp-note">{n.toLocaleString('en')} {rows}</span>
              </div>
            );
          })}
        </div>
      ) : <p class="nnp-note">Once the description is in.</p>}
    </Panel>
  );
}
