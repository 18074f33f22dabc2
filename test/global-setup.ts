import { execFileSync } from 'node:child_process';

/** The CLI tests run the built `jumpgate` command, as a user would; building it takes a moment. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
