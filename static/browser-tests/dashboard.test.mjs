// Drives the dashboard in Debian's headless Chromium against a running proxy.
// Env: BASE_URL, ADMIN_USER, ADMIN_PASSWORD, SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium).
// Prints one line per step and "N passed, N failed" at the end; exits 1 if any step failed.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
const ADMIN_USER = process.env.ADMIN_USER || 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD;
const SHOTS = process.env.SCREENSHOT_DIR || 'screenshots';
const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const XSS_NAME = '<img src=x onerror=alert(1)>';
const ALIAS = 'demo';
if (!ADMIN_PASSWORD) {
  console.error('ADMIN_PASSWORD is not set');
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

const pending = new Set();
let passed = 0;
let failed = 0;
let page;

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(
      `not ok - ${name}\n  ${String((error && error.stack) || error)
        .split('\n')
        .slice(0, 6)
        .join('\n  ')}`,
    );
    if (pending.size) console.log(`  requests still open: ${[...pending].map((r) => r.url()).join(', ')}`);
    if (page)
      await page
        .screenshot({ path: join(SHOTS, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true })
        .catch(() => {});
    // later steps still run: each failure is reported, not just the first
    await page.keyboard.press('Escape').catch(() => {});
  }
}

async function shot(name) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The proxy's HTTP API, from the test itself (to make proxied calls and check effects). */
async function http(path, { method = 'GET', token, body, headers = {} } = {}) {
  const response = await fetch(BASE + path, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, json, text, headers: response.headers };
}

async function chat(key, content) {
  return http('/v1/chat/completions', {
    method: 'POST',
    token: key,
    body: { model: ALIAS, messages: [{ role: 'user', content }] },
  });
}

async function go(path) {
  await page.locator(`nav a[href="#/${path}"]`).click();
  await page.locator('main h1').first().waitFor();
}

async function signIn(username, password) {
  await page.getByLabel('User name', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const userDataDir = mkdtempSync(join(tmpdir(), 'llmproxy-chromium-'));
// a fresh profile per run: nothing cached or stored from an earlier run
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: EXECUTABLE,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1366, height: 900 },
  acceptDownloads: true,
  locale: 'en-US',
});
const dialogs = [];
const pageErrors = [];
const cspViolations = [];
let exitCode = 0;
try {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  page = await context.newPage();
  // generous: CI machines are small and shared, and a timeout only matters when something is wrong
  page.setDefaultTimeout(30000);
  // the browser's zone is not the server's (UTC): times and day buckets must follow the browser
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Berlin' });
  page.on('dialog', async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  let adminToken;
  let keyPlaintext;
  let keyId;

  await step('the dashboard is served with a strict CSP and the security headers', async () => {
    const response = await page.goto(`${BASE}/`);
    assert.equal(response.status(), 200);
    const headers = response.headers();
    const csp = headers['content-security-policy'] || '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.ok(headers['permissions-policy'], 'Permissions-Policy');
    const script = await page.request.get(`${BASE}/js/app.js`);
    assert.match(script.headers()['content-security-policy'] || '', /default-src 'self'/);
    assert.equal(script.headers()['x-content-type-options'], 'nosniff');
  });

  await step('an anonymous visitor lands on sign-in; a wrong password is refused', async () => {
    await page.goto(`${BASE}/#/keys`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.match(page.url(), /#\/sign-in$/);
    await shot('sign-in');
    await page.getByLabel('User name', { exact: true }).fill(ADMIN_USER);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong user name or password.').waitFor();
  });

  await step('sign in as admin with the keyboard; the token stays out of localStorage', async () => {
    await page.getByLabel('User name', { exact: true }).fill(ADMIN_USER);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Password', { exact: true }).press('Enter');
    // the page asked for before signing in
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();
    const storage = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.getItem('llmproxy.session'),
      cookie: document.cookie,
    }));
    assert.equal(storage.local, 0);
    assert.equal(storage.cookie, '');
    const stored = JSON.parse(storage.session);
    assert.equal(stored.role, 'admin');
    adminToken = stored.token;
    assert.ok(adminToken);
  });

  await step('models page: add a route to the mock provider', async () => {
    await go('models');
    await page.getByRole('button', { name: 'Add route' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Alias', { exact: true }).fill(ALIAS);
    await dialog.getByLabel('Provider', { exact: true }).selectOption('mock');
    await dialog.getByLabel('Model', { exact: true }).fill('mock-1');
    await dialog.getByRole('button', { name: 'Save route' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator('tbody tr', { hasText: ALIAS });
    await row.getByText('mock / mock-1').waitFor();
    await shot('models');
  });

  await step('prices page: price the mock model', async () => {
    await go('prices');
    await page.getByRole('button', { name: 'Set price', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Upstream model', { exact: true }).fill('mock-1');
    await dialog.getByLabel('Input per 1M tokens', { exact: true }).fill('0.15');
    await dialog.getByLabel('Output per 1M tokens', { exact: true }).fill('0.6');
    await dialog.getByRole('button', { name: 'Save price' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Filter', { exact: true }).fill('mock-1');
    const row = page.locator('tbody tr', { hasText: 'mock-1' });
    await row.getByText('$0.15').waitFor();
    await row.getByText('$0.60').waitFor();
    await shot('prices');
  });

  await step('teams page: create a team', async () => {
    await go('teams');
    await page.getByRole('button', { name: 'Create team' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('research');
    await dialog.getByLabel('Requests per minute', { exact: true }).first().fill('600');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('tbody tr', { hasText: 'research' }).getByText('600 req/min').waitFor();
    await shot('teams');
  });

  await step('keyboard: the navigation and a dialog work without a mouse', async () => {
    await page.locator('nav a[href="#/keys"]').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement.textContent),
      'Keys',
      'focus moves to the page heading',
    );
    await page.getByRole('button', { name: 'Issue key' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus is inside the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  await step('keys page: issue a key, reveal it once and copy it', async () => {
    await go('keys');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('browser-app');
    await dialog.getByLabel('Allowed models', { exact: true }).fill(ALIAS);
    await dialog.getByLabel('Team', { exact: true }).selectOption({ label: 'research' });
    await dialog.getByLabel('Period', { exact: true }).selectOption('monthly');
    await dialog.getByLabel('Limit', { exact: true }).fill('25.00');
    await dialog.getByRole('button', { name: 'Issue key' }).click();
    const reveal = page.getByRole('dialog', { name: /issued/ });
    await reveal.waitFor();
    keyPlaintext = await reveal.getByLabel('Virtual key', { exact: true }).inputValue();
    assert.match(keyPlaintext, /^sk-llmp-[A-Za-z0-9]+-[A-Za-z0-9]+$/);
    keyId = keyPlaintext.split('-')[2];
    await reveal.getByRole('button', { name: 'Copy key' }).click();
    await reveal.getByText('Copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), keyPlaintext);
    await shot('keys-reveal');
    await reveal.getByRole('button', { name: 'Done' }).click();
    await reveal.waitFor({ state: 'detached' });
    const row = page.locator('tr.key-row', { hasText: 'browser-app' });
    await row.getByText('active').waitFor();
    await row.getByText('research').waitFor();
    assert.equal(await page.getByText(keyPlaintext).count(), 0, 'the plaintext is gone once the dialog closed');
  });

  await step('live feed and proxied calls: each call shows up as it is recorded', async () => {
    await go('live');
    const answers = [];
    try {
      await page.locator('.live-status[data-state="live"]').waitFor();
    } finally {
      // the later steps need these calls even when the feed failed
      for (let i = 0; i < 3; i += 1) answers.push(await chat(keyPlaintext, `Hello number ${i}`));
    }
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    const rows = page.locator('tr.request-row', { hasText: 'browser-app' });
    await page.waitForFunction(() => document.querySelectorAll('tr.request-row').length >= 3);
    assert.equal(await rows.count(), 3);
    await rows.first().getByText(ALIAS, { exact: true }).waitFor();
    const ids = answers.map((a) => a.headers.get('x-request-id'));
    for (const id of ids) await page.getByText(id, { exact: true }).waitFor();
    await page.getByText(/3 requests · \$0\.0000\d+ since opened/).waitFor();
    await shot('live');
  });

  await step('overview: totals, charts and top keys include the calls', async () => {
    await go('overview');
    const deadline = Date.now() + 15000;
    for (;;) {
      const requests = await page
        .locator('.stat', { hasText: 'Requests' })
        .locator('.stat-value')
        .textContent()
        .catch(() => '');
      if (requests === '3') break;
      if (Date.now() > deadline) throw new Error(`overview shows ${requests} requests, expected 3`);
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    await page
      .locator('.stat', { hasText: 'Spend' })
      .locator('.stat-value')
      .getByText(/^\$0\.0000\d+$/)
      .waitFor();
    await page.locator('llm-bar-list').first().getByText('browser-app').waitFor();
    await page.locator('llm-bar-list').nth(1).getByText(ALIAS).waitFor();
    // spend (line), tokens (bars) and the burn-down
    await page.locator('svg.chart').nth(2).waitFor();
    await page.locator('svg.chart path.line').first().waitFor();
    await page.locator('svg.chart rect.mark').first().waitFor();
    await page.locator('.burn-down svg.chart').waitFor();
    await page
      .locator('.burn-down')
      .getByText(/spent of \$25\.00/)
      .waitFor();
    await shot('overview');
  });

  await step('a time zone off whole hours (Asia/Kolkata) gets UTC days instead of an error', async () => {
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Kolkata' });
    try {
      await page.reload();
      await page
        .locator('.zone-note', { hasText: /Asia\/(Kolkata|Calcutta) is not a whole number of hours from UTC/ })
        .waitFor();
      await page.locator('svg.chart path.line').first().waitFor();
      assert.equal(await page.locator('.state-error').count(), 0);
    } finally {
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Berlin' });
      await page.reload();
    }
  });

  await step('usage explorer: request log, summary and CSV download', async () => {
    await go('usage');
    await page.waitForFunction(() => document.querySelectorAll('tr.request-row').length >= 3);
    await page.locator('dl.totals').getByText('3', { exact: true }).first().waitFor();
    await page.getByLabel('Group by', { exact: true }).selectOption('key');
    await page.locator('.panel', { hasText: 'Summary' }).locator('tbody tr', { hasText: 'browser-app' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    assert.ok(csv.length >= 4, `header and 3 rows, got ${csv.length} lines`);
    assert.match(csv[0], /request_id/);
    assert.ok(
      csv.slice(1).every((line) => line.includes(keyId)),
      "every row is the key's",
    );
    const statement = page.locator('form.statement-form');
    await statement.getByLabel('Key or team', { exact: true }).selectOption(keyId);
    await statement.getByRole('button', { name: 'Show statement' }).click();
    const lines = page.getByRole('table', { name: 'Per provider and model' });
    await lines.locator('tr', { hasText: 'mock-1' }).getByText('$0.00003015').waitFor();
    const [statementCsv] = await Promise.all([
      page.waitForEvent('download'),
      statement.getByRole('button', { name: 'Statement CSV' }).click(),
    ]);
    assert.match(readFileSync(await statementCsv.path(), 'utf8'), /mock-1/);
    await shot('usage');
  });

  await step(`a key named ${XSS_NAME} is shown as text and runs nothing`, async () => {
    await go('keys');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill(XSS_NAME);
    // no models is no longer "every alias": the form asks for aliases or * instead of guessing
    await dialog.getByRole('button', { name: 'Issue key' }).click();
    await dialog.getByRole('alert').getByText('List the aliases this key may call, or * for every alias.').waitFor();
    await dialog.getByLabel('Allowed models', { exact: true }).fill('*');
    await dialog.getByRole('button', { name: 'Issue key' }).click();
    const reveal = page.getByRole('dialog', { name: /issued/ });
    await reveal.getByText(XSS_NAME, { exact: false }).first().waitFor();
    const issued = (await reveal.getByLabel('Virtual key', { exact: true }).inputValue()).split('-')[2];
    await reveal.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('tr.key-row', { hasText: XSS_NAME });
    await row.locator('.key-name').getByText(XSS_NAME, { exact: true }).waitFor();
    await row.getByText('every alias', { exact: true }).waitFor();
    assert.deepEqual((await http(`/api/keys/${issued}`, { token: adminToken })).json.models, ['*']);
    await page.waitForTimeout(500);
    assert.equal(await page.locator('img').count(), 0, 'no <img> element was created from the name');
    assert.deepEqual(dialogs, []);
  });

  await step(
    'keys page: spend against the budget; edit limits, budget and models; suspend and resume; rotate',
    async () => {
      const row = () => page.locator('tr.key-row', { hasText: 'browser-app' });
      await row().locator('.spend').getByText('$0.00003015').waitFor();
      await row().locator('.spend').getByText('of $25.00 monthly').waitFor();
      await row().getByRole('button', { name: 'Edit browser-app' }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByLabel('Requests per minute', { exact: true }).fill('120');
      await dialog.getByLabel('Limit', { exact: true }).fill('30');
      await dialog.getByRole('button', { name: 'Save changes' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row().getByText('120 req/min').waitFor();
      const key = (await http(`/api/keys/${keyId}`, { token: adminToken })).json;
      assert.equal(key.limits.requests_per_minute, 120);
      assert.equal(Number(key.budget.limit_usd), 30);
      assert.deepEqual(key.models, [ALIAS]);

      await row().getByRole('button', { name: 'Suspend browser-app' }).click();
      await row().getByText('suspended', { exact: true }).waitFor();
      assert.equal((await chat(keyPlaintext, 'while suspended')).status, 401);
      await row().getByRole('button', { name: 'Resume browser-app' }).click();
      await row().getByText('active', { exact: true }).waitFor();
      assert.equal((await chat(keyPlaintext, 'resumed')).status, 200);

      await row().getByRole('button', { name: 'Rotate browser-app' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('Grace period (seconds)', { exact: true }).fill('0');
      await dialog.getByRole('button', { name: 'Rotate' }).click();
      const reveal = page.getByRole('dialog', { name: /rotated/ });
      const rotated = await reveal.getByLabel('Virtual key', { exact: true }).inputValue();
      assert.notEqual(rotated, keyPlaintext);
      assert.equal(rotated.split('-')[2], keyId);
      await reveal.getByRole('button', { name: 'Done' }).click();
      assert.equal((await chat(rotated, 'rotated')).status, 200);
      keyPlaintext = rotated;
      await shot('keys');
    },
  );

  await step('keys page: revoke the key; the next call is refused', async () => {
    const row = page.locator('tr.key-row', { hasText: 'browser-app' });
    await row.getByRole('button', { name: 'Revoke browser-app' }).click();
    const confirm = page.getByRole('dialog', { name: /Revoke/ });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('revoked', { exact: true }).first().waitFor();
    const refused = await chat(keyPlaintext, 'after revocation');
    assert.equal(refused.status, 401);
    assert.equal(refused.json.error.code, 'invalid_api_key');
  });

  await step('audit: verify the ledger chain, run a replay and watch it finish', async () => {
    await go('audit');
    await page.getByRole('button', { name: 'Verify ledger chain' }).click();
    await page.getByText('Ledger verified: every chain is intact.').waitFor();
    await page.getByRole('button', { name: 'Run audit replay' }).click();
    await page.locator('progress[aria-label="Replay progress"]').waitFor();
    await page.getByText(/No discrepancies: the reports match the ledger/).waitFor({ timeout: 60000 });
    await page.locator('.panel', { hasText: 'Recent replays' }).getByText('completed').first().waitFor();
  });

  await step('audit: upload a provider export for reconciliation', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const csv = `start_time_iso,model,num_model_requests,input_tokens,output_tokens,input_cached_tokens,batch\n${today}T00:00:00Z,mock-1,1,10,10,0,false\n`;
    const form = page.locator('form.recon-form');
    await form.getByLabel('Provider', { exact: true }).fill('mock');
    await form.getByLabel('Format', { exact: true }).selectOption('openai-csv');
    await form
      .getByLabel('Export file', { exact: true })
      .setInputFiles({ name: 'usage.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByRole('button', { name: 'Reconcile' }).click();
    await page.getByText('The export and the ledger differ').waitFor();
    await page
      .getByRole('table', { name: /Differences/ })
      .getByText('mock-1')
      .first()
      .waitFor();
    await shot('audit');
  });

  await step('admin activity trail lists what this session did', async () => {
    await go('activity');
    await page.locator('tr.activity-row', { hasText: 'ApiKeyRevoked' }).first().waitFor();
    await page.locator('tr.activity-row', { hasText: 'ApiKeyIssued' }).first().waitFor();
    await page.getByLabel('Action', { exact: true }).fill('ApiKeyRevoked');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('tr.activity-row')].every((r) => r.textContent.includes('ApiKeyRevoked')),
    );
    await shot('activity');
  });

  await step('responsive: pages fit a phone screen and the menu opens', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, ready] of [
      ['overview', '.stat'],
      ['keys', 'tr.key-row'],
      ['usage', 'tr.request-row'],
      ['live', '.live-status'],
    ]) {
      await page.locator('.menu-toggle').click();
      await page.locator(`nav a[href="#/${path}"]`).click();
      await page.locator(ready).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
      await shot(`${path}-phone`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await step('a refused token (401) sends the user back to sign-in', async () => {
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('llmproxy.session'));
      session.token = 'not-a-valid-token';
      sessionStorage.setItem('llmproxy.session', JSON.stringify(session));
    });
    // a new page load reads the session from sessionStorage and its first API call gets 401
    await page.goto(`${BASE}/#/teams`);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('llmproxy.session')), null);
  });

  await step('a viewer sees reports but no admin actions; sign out ends the session on the server too', async () => {
    const created = await http('/admin/users', {
      method: 'POST',
      token: adminToken,
      body: { username: 'finance', role: 'viewer', password: 'a long viewer passphrase' },
    });
    assert.equal(created.status, 201, created.text);
    await signIn('finance', 'a long viewer passphrase');
    await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
    await page.locator('.role', { hasText: 'viewer' }).waitFor();
    await go('keys');
    await page.locator('tr.key-row').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Issue key' }).count(), 0);
    assert.equal(await page.locator('tr.key-row button').count(), 0);
    await go('teams');
    await page
      .locator('tbody tr', { hasText: 'research' })
      .locator('.spend')
      .getByText(/^\$0\.0000\d+$/)
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create team' }).count(), 0);
    await go('models');
    await page.locator('tbody tr', { hasText: ALIAS }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add route' }).count(), 0);
    await go('audit');
    await page.getByRole('button', { name: 'Verify ledger chain' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Run audit replay' }).count(), 0);
    await shot('audit-viewer');
    const viewerToken = await page.evaluate(() => JSON.parse(sessionStorage.getItem('llmproxy.session')).token);
    assert.equal((await http('/api/usage/summary', { token: viewerToken })).status, 200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('llmproxy.session')), null);
    // the server refuses the token from now on: a copy of it is worthless too
    let refused = 0;
    for (let tries = 0; tries < 50 && refused !== 401; tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 100));
      refused = (await http('/api/usage/summary', { token: viewerToken })).status;
    }
    assert.equal(refused, 401);
  });

  await step('no dialog, page error or CSP violation happened', async () => {
    assert.deepEqual(dialogs, []);
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
  });
} catch (error) {
  // a failure outside any step (launching Chromium, signing in) is reported, not just counted
  console.log(`not ok - the browser script stopped\n  ${String((error && error.stack) || error)}`);
  exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || exitCode ? 1 : 0);
