// Every fixture, corpus file and example analysed with `\r\n` and with lone `\r` line breaks gives
// exactly the facts of its `\n` version: same ranges (lines and UTF-16 columns), messages, fixes, shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/node/analyzer';

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pythonFiles(p) : e.name.endsWith('.py') ? [p] : [];
  });
}

test('CRLF and CR versions of every fixture, corpus file and example give the facts of the LF version', async () => {
  const files = ['test/fixtures', 'test/corpus', 'examples'].flatMap(pythonFiles);
  assert.ok(files.length > 100, `found ${files.length} files`);
  const differ: string[] = [];
  for (const file of files) {
    const lf = fs.readFileSync(file, 'utf8');
    assert.ok(!lf.includes('\r'), `${file} is stored with LF line breaks`);
    const facts = JSON.stringify(await analyzeText(lf));
    for (const [name, text] of [['CRLF', lf.replace(/\n/g, '\r\n')], ['CR', lf.replace(/\n/g, '\r')]] as const) {
      if (JSON.stringify(await analyzeText(text)) !== facts) differ.push(`${name} ${file}`);
    }
  }
  assert.deepEqual(differ, []);
});
