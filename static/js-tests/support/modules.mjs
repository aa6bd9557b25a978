import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The dashboard's module `name` ("decimal.js") as a URL to import. */
export function dashboardModule(name) {
  return new URL(`../../src/main/resources/static/js/${name}`, import.meta.url).href;
}

/**
 * Evaluates `expression` (with the named dashboard modules imported as `m`) in a fresh Node
 * process with the given environment: the locale and time zone are read once, at start.
 */
export function evaluateIn(env, moduleName, expression) {
  const source = `import * as m from ${JSON.stringify(dashboardModule(moduleName))};
    process.stdout.write(JSON.stringify(${expression}));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], {
    env: { ...process.env, ...env },
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`node exited with ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

/** The environment `npm test` sets, so that expected texts do not depend on the machine's. */
export function assertTestEnvironment(assert) {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  assert.deepEqual({ locale, timeZone }, { locale: 'en-US', timeZone: 'UTC' }, 'run the tests with npm test');
}
