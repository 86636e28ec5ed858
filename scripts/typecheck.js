// typecheck.js — tsc over web/ (jsconfig.json: checkJs, noImplicitAny, noUnusedLocals, ...),
// emitting nothing: any diagnostic fails.
import ts from 'typescript';

const config = ts.getParsedCommandLineOfConfigFile('jsconfig.json', {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
});
const program = ts.createProgram(config.fileNames, config.options);
const diagnostics = ts.getPreEmitDiagnostics(program);
const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
if (diagnostics.length) {
  console.error(ts.formatDiagnostics(diagnostics, host));
  console.error(`typecheck: ${diagnostics.length} error(s)`);
  process.exit(1);
}
console.log(`typecheck: ${program.getRootFileNames().length} files of web/ check clean`);
