// Extension-host test entry of the web build (extensionTestsPath, loaded by the web worker extension
// host): runs the same mocha suites as the Node build (test/e2e/suite/) with mocha's browser build, plus
// the web-only checks in this folder. A rejected promise makes the run exit non-zero.
import 'mocha/mocha.js';

interface BrowserMocha {
  setup(options: { ui: string; reporter: string; timeout: number; color: boolean }): void;
  run(done: (failures: number) => void): { total: number };
  suite: { total(): number };
}

export function run(): Promise<void> {
  const mocha = (globalThis as unknown as { mocha: BrowserMocha }).mocha;
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 60000, color: false });
  // after setup (it defines describe/it): the suites shared with the Node build, then the web-only ones
  require('../suite/editor.test');
  require('../suite/notebook.test');
  require('../suite/runSample.test');
  require('../suite/runModel.test');
  require('../suite/weights.test');
  require('./host.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      const total = mocha.suite.total();
      console.log(`rnnlens e2e (web): ${total - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} of ${total} extension tests failed`));
      else if (total === 0) reject(new Error('no extension tests ran'));
      else resolve();
    });
  });
}
