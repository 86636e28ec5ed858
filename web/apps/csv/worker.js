// worker.js — the CSV page's worker: the real-data pages' host (apps/shared/host.js) plus
// reading and encoding the user's file. Parsing a 50 MB table takes seconds; here it leaves the
// page responsive and reports its progress. The table stays in the worker: only the columns'
// description and the encoding's small parts (the test rows' targets, sizes, names, notes)
// cross to the page.
import { Engine } from '../../engine.js';
import { createHost } from '../shared/host.js';
import { checkSize, decodeText, parseTable, describeColumns, encodeTable, CsvError } from './table.js';

/** The last file read well: {table, cols}, or null. A refused file leaves it in place. */
let csv = null;

createHost(self, (wasm) => Engine.load(wasm), {
  /** {file: File} → {name, rows, cols}; progress as {kind: 'csv', phase, fraction}. */
  async 'csv-read'({ file }, host) {
    const report = host.progress('csv');
    try {
      checkSize(file);
      report({ phase: 'reading', fraction: 0 }, true);
      const text = decodeText(new Uint8Array(await file.arrayBuffer()), file.name);
      const table = parseTable(text, (fraction) => report({ phase: 'parsing', fraction }));
      report({ phase: 'describing', fraction: 1 }, true);
      const cols = describeColumns(table);
      csv = { table, cols };
      return { name: file.name, rows: table.rows.length, cols };
    } catch (e) {
      if (e instanceof CsvError) throw e;
      throw new Error(`${file.name} could not be read: ${e.message}`);
    }
  },
  /** {target, task} → the encoding less its matrices, which go to training here, plus the
   * test rows' targets (yTest), which the page's results need. */
  'csv-encode'({ target, task }, host) {
    if (!csv) throw new Error('worker: read a CSV file first');
    const report = host.progress('csv');
    const { x, y, ...enc } = encodeTable(csv.table, csv.cols, {
      target, task, onProgress: (phase, fraction) => report({ phase, fraction }),
    });
    const { xScale, targets, nTrain, nTest, features, classes } = enc;
    host.setData({ task, x, xScale, y, targets, nTrain, nTest, features, classes });
    return { ...enc, yTest: y.slice(nTrain) };
  },
});
