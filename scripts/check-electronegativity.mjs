// Runs Electronegativity over main/ and renderer/ and fails on any finding above "low" (SARIF
// level note) that the allowlist does not explain. Electronegativity itself always exits 0.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const ELECTRON_VERSION = '38.0.0'; // given, so it does not try to look releases up online
const allowlist = JSON.parse(readFileSync('.electronegativity-allowlist.json', 'utf8'));
mkdirSync('test-results', { recursive: true });
let failures = 0;
for (const dir of ['main', 'renderer']) {
  const output = `test-results/electronegativity-${dir}.sarif`;
  execFileSync('npx', ['electronegativity', '-i', dir, '-e', ELECTRON_VERSION, '-o', output, '-r', '-v', 'false'], { stdio: 'pipe' });
  const sarif = JSON.parse(readFileSync(output, 'utf8'));
  for (const result of sarif.runs.flatMap((run) => run.results)) {
    const file = `${dir}/${result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''}`.replace(/file:\/\/\/?$/, '');
    const line = result.locations?.[0]?.physicalLocation?.region?.startLine;
    const allowed = allowlist.find((entry) => entry.rule === result.ruleId && (entry.file === '*' || file.startsWith(entry.file)));
    const where = `${result.ruleId} at ${file}:${line}`;
    if (allowed) console.log(`explained: ${where} — ${allowed.reason}`);
    else if (result.level === 'note') console.log(`low: ${where}`);
    else {
      console.log(`FINDING: ${where} (${result.level}): ${result.message?.text ?? ''}`);
      failures++;
    }
  }
}
if (failures > 0) {
  console.log(`${failures} Electronegativity finding(s) above low are not explained in .electronegativity-allowlist.json`);
  process.exit(1);
}
console.log('Electronegativity: no unexplained findings above low.');
