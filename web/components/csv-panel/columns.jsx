// Columns — what the page found in the file (each column's kind, missing values, distinct
// values) and, once encoded, what it does with each one: standardized, one-hot, left out.


/** @param {{cols: import('../../worker/csv-table.js').Column[], rows: number, target: string, handling?: any[]}} props */
export function Columns({ cols, rows, target, handling }) {
  const how = new Map((handling ?? []).map((h) => [h.name, h]));
  return (
    <div class="nnp-columns-scroll">
      <table data-testid="columns">
        <thead><tr><th>column</th><th>kind</th><th>missing</th><th>distinct</th>{handling ? <><th>inputs</th><th>handling</th></> : null}</tr></thead>
        <tbody>
          {cols.map((c) => {
            const h = how.get(c.name);
            return (
              <tr class={c.name === target ? 'nnp-col-target' : ''}>
                <td>{c.name}</td>
                <td>{c.kind}</td>
                <td class={c.missing ? 'nnp-col-missing' : ''}>{c.missing ? `${c.missing} of ${rows}` : '–'}</td>
                <td>{c.levels.length > 1000 ? '> 1000' : c.levels.length}</td>
                {handling ? <><td>{c.name === target ? 'target' : h?.inputs ?? ''}</td><td class="nnp-col-how">{c.name === target ? 'what the network learns' : h?.handling ?? ''}</td></> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
