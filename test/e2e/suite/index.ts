// Extension-host test entry (the contract of @vscode/test-electron's extensionTestsPath): runs the mocha
// suites bundled beside this file inside VS Code; a rejected promise makes the run exit non-zero.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  const grep = process.env.RNNLENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      const total = mocha.suite.total();
      console.log(`rnnlens e2e: ${total - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} of ${total} extension tests failed`));
      else if (total === 0) reject(new Error('no extension tests ran'));
      else resolve();
    });
  });
}
