#!/usr/bin/env node
// OkrBot end to end in the Microsoft 365 Agents Playground, driven like a person would in headless Chromium.
//
//   node playground-e2e.js <bot url> <screenshot dir>
//
// <bot url> is a running OkrBot in local anonymous mode (no app id) with the demo organisation seeded (--demo), e.g.
// http://127.0.0.1:3978 (or its /api/messages). The script starts the Playground on a free port, opens its page, and
// walks: install -> welcome -> "my okrs" -> "check in" -> fill and submit the card -> the card is replaced by the
// confirmation -> open a KR -> mark it at risk -> the KR card shows it, and the alert leaves the bot for the manager ->
// "new objective" -> the form saved as a draft -> a key result added -> aligned to the team's objective -> published ->
// "my okrs" shows it.
// One screenshot per step goes to <screenshot dir>, with the Playground's log and the HTTP traffic it saw.
// Exit 0 when every step passed; otherwise 1, naming the failing step. Every wait is time-boxed.
//
// Environment: OKRBOT_CHROMIUM (default /usr/bin/chromium), OKRBOT_E2E_TIMEOUT_MS (the whole run, default 240000);
// OKRBOT_E2E_WATCH_STDIN=1 and OKRBOT_E2E_BOT_PID for a caller that holds our stdin open (see the end of this file).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.OKRBOT_CHROMIUM || '/usr/bin/chromium';
const TOTAL_TIMEOUT_MS = Number(process.env.OKRBOT_E2E_TIMEOUT_MS || 240_000);
const WAIT = { playgroundStart: 60_000, page: 30_000, reply: 20_000, action: 10_000, step: 60_000 };

// Who is who in the demo organisation (core/Demo): the newcomer plays Alex Chen, whose manager is Daniel Weber.
// playground.yml puts Daniel into the Playground's tenant under the same id.
const PLAYED = 'Alex Chen';
const MANAGER = { id: 'demo:daniel', name: 'Daniel Weber' };
const NOTE = 'Checked in from the Agents Playground (e2e)';
const BLOCKERS = 'Nothing this week';
const REASON = 'The payment provider slipped two weeks (e2e)';
// What the newcomer drafts, and the team objective (Product, Alex's team) it aligns to.
const OBJECTIVE = 'Make reordering one tap (e2e)';
const KEY_RESULT = 'Cut reorder time from 95 s to 45 s (e2e)';
const TEAM_OBJECTIVE = 'Ship a mobile ordering experience people love';

const here = __dirname;
const started = Date.now();
const cleanups = [];
let current = 'start';
let aborted = null;
let stepNumber = 0;
let page;
let screenshotDir;

function log(line) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`[e2e ${seconds}s] ${line}\n`);
}

class StepFailure extends Error {}

function fail(message) {
  throw new StepFailure(message);
}

function check(condition, message) {
  if (!condition) fail(message);
}

/** Rejects after ms with a message saying what was awaited; the timer never keeps the process alive. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`${what}: nothing within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls a condition until it holds (returning its value) or the time is up. */
async function until(what, ms, condition) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) fail(`${what}: not within ${ms} ms`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

async function step(name, body) {
  stepNumber += 1;
  current = `${String(stepNumber).padStart(2, '0')} ${name}`;
  const t0 = Date.now();
  log(`STEP ${current}`);
  await within(body(), WAIT.step, `step "${name}"`);
  log(`  ok  ${current} (${Date.now() - t0} ms)`);
}

async function screenshot(name, card) {
  const file = path.join(screenshotDir, `${String(stepNumber).padStart(2, '0')}-${name}.png`);
  if (card) await card.scrollIntoViewIfNeeded({ timeout: WAIT.action });
  await page.screenshot({ path: file, timeout: WAIT.action });
  log(`  screenshot ${path.basename(file)}`);
  if (card) {
    const cardFile = file.replace(/\.png$/, '-card.png');
    await card.screenshot({ path: cardFile, timeout: WAIT.action });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A recording HTTP proxy. One sits between the Playground and the bot (what the client sends, and the bot's answers,
// invoke responses included), one between the bot and the Playground's connector (everything the bot sends out).
// Both carry the documented Bot Framework protocol: what the bot did is checked there, what a person sees on the page.

function recordingProxy(name, target) {
  const records = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url, target());
      const record = { method: req.method, path: decodeURIComponent(url.pathname), body: parse(body), status: null, response: null };
      records.push(record);
      const headers = { ...req.headers, host: url.host };
      delete headers.connection;
      const upstream = http.request(url, { method: req.method, headers }, answer => {
        const back = [];
        answer.on('data', chunk => back.push(chunk));
        answer.on('end', () => {
          const buffer = Buffer.concat(back);
          record.status = answer.statusCode;
          record.response = parse(buffer);
          const out = { ...answer.headers, 'content-length': buffer.length };
          delete out['transfer-encoding'];
          delete out.connection;
          res.writeHead(answer.statusCode, out);
          res.end(buffer);
        });
      });
      upstream.on('error', error => {
        record.status = 502;
        record.error = error.message;
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      cleanups.push(() => new Promise(done => { server.closeAllConnections?.(); server.close(() => done()); }));
      resolve({ name, records, port: server.address().port });
    });
  });
}

function parse(buffer) {
  if (buffer.length === 0) return null;
  const text = buffer.toString('utf8');
  try { return JSON.parse(text); } catch { return text; }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

function botEndpoint(raw) {
  const url = new URL(raw);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/messages';
  return url;
}

async function checkBotIsUp(endpoint) {
  const health = new URL('/healthz', endpoint);
  const answer = await within(fetch(health), WAIT.action, `GET ${health}`).catch(error => fail(`the bot does not answer at ${health}: ${error.message}`));
  const text = await answer.text();
  check(answer.ok && text.trim() === 'Healthy', `the bot at ${health} is not healthy: ${answer.status} ${text}`);
}

/** Starts the Playground pointing at the bot (through a proxy) and telling the bot to call its connector through the other. */
async function startPlayground(botProxy, botPath, connectorProxy, workDir) {
  const cli = path.join(here, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  check(fs.existsSync(cli), `${cli} is missing: run \`npm ci\` in ${here}`);
  const logFile = path.join(screenshotDir, 'playground.log');
  const args = [cli, '-e', `http://127.0.0.1:${botProxy.port}${botPath}`, '-c', 'msteams', '-p', String(await freePort()),
    '--disable-telemetry', '--service-url', `http://127.0.0.1:${connectorProxy.port}/_connector`];
  const child = spawn(process.execPath, args, {
    cwd: workDir,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: path.join(here, 'playground.yml'),
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the whole group can be ended
  });
  cleanups.push(() => stop(child, 'Playground'));
  let output = '';
  const listening = new Promise((resolve, reject) => {
    const read = chunk => {
      output += chunk;
      const match = /Listening on (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', code => reject(new StepFailure(
      `the Playground exited (${code}) before listening:\n${output}\n${tail(logFile, 20)}`)));
  });
  const port = await within(listening, WAIT.playgroundStart, 'the Playground\'s "Listening on N" line');
  log(`  Playground (pid ${child.pid}) listening on ${port}; log: ${logFile}`);
  return { port, child };
}

function stop(child, what) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    const timer = setTimeout(() => { kill(child, 'SIGKILL'); resolve(); }, 5_000);
    timer.unref();
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    kill(child, 'SIGTERM');
    log(`  stopping ${what} (pid ${child.pid})`);
  });
}

function kill(child, signal) {
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}

function tail(file, lines) {
  try { return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

async function openBrowser(workDir) {
  check(fs.existsSync(CHROMIUM), `Chromium is not at ${CHROMIUM}. Install it (Debian: apt-get install -y chromium) or set OKRBOT_CHROMIUM.`);
  const { chromium } = require('playwright-core');
  const context = await within(chromium.launchPersistentContext(path.join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  }), WAIT.page, 'launching Chromium');
  cleanups.push(() => within(context.close(), 10_000, 'closing Chromium').catch(() => {}));
  // Nothing leaves the machine: the Playground's page asks for web fonts and an animation script from Microsoft's CDN.
  const blocked = new Set();
  await context.route('**/*', route => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || ['data:', 'blob:'].includes(url.protocol)) return route.continue();
    blocked.add(url.hostname);
    return route.abort();
  });
  const p = context.pages()[0] || await context.newPage();
  p.setDefaultTimeout(WAIT.action);
  p.on('pageerror', error => log(`  page error: ${error.message}`));
  return { page: p, blocked };
}

// ---------------------------------------------------------------------------------------------------------------
// The chat, as a person sees it.

const cards = () => page.locator('.ac-adaptiveCard');
// Case-sensitive: Playwright matches a plain string ignoring case, and "your OKRs" is in the welcome too.
const cardWith = text => cards().filter({ hasText: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });

async function say(text) {
  // The compose box (a contenteditable editor), never an input inside a card.
  const box = page.locator('[contenteditable="true"]:not(.ac-adaptiveCard *), textarea:not(.ac-adaptiveCard *)').first();
  await box.click();
  await box.fill(text);
  await box.press('Enter');
  log(`  typed "${text}"`);
}

async function textOf(locator) {
  return (await locator.innerText({ timeout: WAIT.action })).replace(/\s+/g, ' ').trim();
}

/** Waits until exactly `count` cards hold `text` (a re-rendered or replaced card settles in place). */
async function expectCards(text, count, ms = WAIT.reply) {
  await until(`${count} card(s) with "${text}"`, ms, async () => (await cardWith(text).count()) === count);
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const [, , botArg, shotsArg] = process.argv;
  if (!botArg || !shotsArg) {
    process.stderr.write('usage: node playground-e2e.js <bot url, e.g. http://127.0.0.1:3978> <screenshot dir>\n');
    process.exit(2);
  }
  const endpoint = botEndpoint(botArg);
  screenshotDir = path.resolve(shotsArg);
  fs.mkdirSync(screenshotDir, { recursive: true });
  for (const old of fs.readdirSync(screenshotDir)) if (/\.(png|log|json)$/.test(old)) fs.rmSync(path.join(screenshotDir, old));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'okrbot-e2e-'));
  cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }));
  log(`bot ${endpoint}; screenshots in ${screenshotDir}`);

  let playground;
  let botProxy;
  let connector;
  let blocked;
  let personalChat;
  const messages = () => botProxy.records.filter(r => r.method === 'POST' && r.path === endpoint.pathname && r.body && typeof r.body === 'object');
  const sentToChat = () => connector.records.filter(r => r.method === 'POST' && personalChat && r.path.endsWith(`/v3/conversations/${personalChat}/activities`));

  try {
    await step('start the Playground', async () => {
      await checkBotIsUp(endpoint);
      botProxy = await recordingProxy('client -> bot', () => endpoint.origin);
      connector = await recordingProxy('bot -> connector', () => `http://127.0.0.1:${playground.port}`);
      playground = await startPlayground(botProxy, endpoint.pathname, connector, workDir);
      ({ page, blocked } = await openBrowser(workDir));
    });

    await step('install: the welcome card', async () => {
      // The page sends installationUpdate and conversationUpdate as it loads; the bot answers with one welcome.
      await page.goto(`http://127.0.0.1:${playground.port}/`, { timeout: WAIT.page, waitUntil: 'domcontentloaded' });
      const welcome = cardWith('Welcome, ').first();
      await welcome.waitFor({ timeout: WAIT.page }).catch(() => fail(
        `no welcome card within ${WAIT.page} ms (the bot welcomes newcomers only: it needs a fresh store and --demo)`));
      const installs = await until('the bot answering both install events', WAIT.reply, () => {
        const answered = messages().filter(r => ['installationUpdate', 'conversationUpdate'].includes(r.body.type) && r.status !== null);
        return answered.length >= 2 && answered;
      });
      for (const r of installs) check(r.status === 200, `the bot answered ${r.body.type} with ${r.status}`);
      personalChat = installs[0].body.conversation.id;
      const welcomes = sentToChat().filter(r => JSON.stringify(r.body).includes('Welcome, '));
      check(welcomes.length === 1, `the bot sent ${welcomes.length} welcome messages for one install, not 1`);
      check(welcomes[0].status === 201 || welcomes[0].status === 200, `the Playground answered the welcome with ${welcomes[0].status}`);
      await expectCards('Welcome, ', 1, WAIT.action);
      const text = await textOf(welcome);
      check(text.includes(`Welcome, ${PLAYED}`) && text.includes(`playing ${PLAYED}`), `the welcome does not say the newcomer plays ${PLAYED}: "${text}"`);
      await screenshot('welcome', welcome);
    });

    await step('"my okrs": the OKR list card', async () => {
      const before = await cards().count();
      await say('my okrs');
      await until('a new card after "my okrs"', WAIT.reply, async () => (await cards().count()) > before);
      const list = cards().last();
      const text = await textOf(list);
      check(text.includes('Your OKRs'), `the answer to "my okrs" is not the OKR list: "${text.slice(0, 300)}"`);
      const krs = await list.getByRole('button', { name: 'Open the key result' }).count();
      check(krs > 0, 'the OKR list shows no key results to open');
      log(`  the list shows ${krs} key result(s)`);
      await screenshot('my-okrs', list);
    });

    let checkIn;
    const typed = [];
    await step('"check in": the check-in card', async () => {
      const before = await cards().count();
      await say('check in');
      await until('a new card after "check in"', WAIT.reply, async () => (await cards().count()) > before);
      checkIn = cards().last();
      const text = await textOf(checkIn);
      check(text.includes('Weekly check-in'), `the answer to "check in" is not the check-in card: "${text.slice(0, 300)}"`);
      await checkIn.getByRole('button', { name: 'Submit check-in' }).waitFor();
      await screenshot('check-in-card', checkIn);
    });

    await step('fill the check-in card: values, statuses, a note', async () => {
      // A percentage a little higher (at most 100), any other number rounded: values a person might type.
      const percentages = checkIn.getByRole('spinbutton', { name: /^Current value \(%\)/ });
      for (let i = 0; i < await percentages.count(); i++) {
        const next = String(Math.min(100, Math.round((Number(await percentages.nth(i).inputValue()) + 0.3) * 100) / 100));
        await percentages.nth(i).fill(next);
        typed.push(next);
      }
      const numbers = checkIn.getByRole('spinbutton', { name: /^Current value(?! \(%\))/ });
      for (let i = 0; i < await numbers.count(); i++) {
        const next = String(Math.round(Number(await numbers.nth(i).inputValue())));
        await numbers.nth(i).fill(next);
        typed.push(next);
      }
      const milestones = checkIn.getByRole('radio', { name: 'Done', exact: true });
      for (let i = 0; i < await milestones.count(); i++) await milestones.nth(i).check();
      const statuses = checkIn.getByRole('combobox');
      const count = await statuses.count();
      check(count > 0, 'the check-in card has no status inputs');
      for (let i = 0; i < count; i++) {
        await statuses.nth(i).click();
        await page.getByRole('option', { name: 'On track', exact: true }).click();
        check((await statuses.nth(i).inputValue()) === 'On track', `status ${i + 1} did not take "On track"`);
      }
      await checkIn.getByRole('textbox', { name: /^Note/ }).first().fill(NOTE);
      await checkIn.getByRole('textbox', { name: /^Anything blocking you/ }).fill(BLOCKERS);
      log(`  values ${typed.join(', ')}; ${await milestones.count()} milestone(s) done; ${count} status(es) on track`);
      await screenshot('check-in-filled', checkIn);
    });

    await step('submit: the card is replaced by the confirmation', async () => {
      const before = await cards().count();
      const sentBefore = sentToChat().length;
      await checkIn.getByRole('button', { name: 'Submit check-in' }).click();
      await expectCards('Check-in recorded', 1);
      // Replaced, not added: as many cards as before, none with the check-in's inputs or its submit button.
      await expectCards('Weekly check-in', 0);
      check((await cards().count()) === before, `the chat has ${await cards().count()} cards after the submit, not ${before}`);
      check((await page.getByRole('button', { name: 'Submit check-in' }).count()) === 0, 'a "Submit check-in" button is still on the page');
      const done = cardWith('Check-in recorded');
      check((await done.locator('input, textarea').count()) === 0, 'the confirmation still has inputs');
      const text = await textOf(done);
      check(text.includes(NOTE) && text.includes(BLOCKERS), `the confirmation does not show the note and blockers: "${text}"`);
      // The protocol side: the Action.Execute invoke carried what was typed, the card came back in its response,
      // and no new message was posted to the chat for it.
      const invoke = messages().filter(r => r.body.type === 'invoke' && r.body.value?.action?.verb === 'checkin.submit').pop();
      check(invoke, 'the client sent no checkin.submit invoke');
      const data = invoke.body.value.action.data;
      for (const value of typed) check(Object.entries(data).some(([k, v]) => k.startsWith('value:') && v === value), `the invoke does not carry the value ${value}`);
      check(invoke.status === 200 && invoke.response?.type === 'application/vnd.microsoft.card.adaptive',
        `the bot answered the invoke with ${invoke.status} ${JSON.stringify(invoke.response).slice(0, 200)}`);
      check(sentToChat().length === sentBefore, 'the bot posted a new message for the submit instead of replacing the card');
      await screenshot('check-in-recorded', done);
    });

    let title;
    await step('open a key result from the OKR list', async () => {
      const list = cardWith('Your OKRs').first();
      const open = list.getByRole('button', { name: 'Open the key result' }).first();
      title = (await open.innerText()).split('\n')[0].trim();
      log(`  opening "${title}"`);
      await open.click();
      await expectCards('Your OKRs', 0);
      const kr = cardWith('Mark at risk').first();
      await kr.waitFor({ timeout: WAIT.reply });
      const text = await textOf(kr);
      check(text.includes(title), `the key result card is not for "${title}": "${text.slice(0, 300)}"`);
      check(/Status ● On track/.test(text), `the key result is not on track after the check-in: "${text.slice(0, 400)}"`);
      await screenshot('key-result', kr);
    });

    await step('"Mark at risk": the form, with a reason', async () => {
      await cardWith('Key result').getByRole('button', { name: 'Mark at risk' }).click();
      const form = cardWith('Flag the risk');
      await form.waitFor({ timeout: WAIT.reply });
      await expectCards('Recent check-ins', 0);
      await form.getByRole('radio', { name: 'At risk', exact: true }).check();
      await form.getByRole('textbox', { name: /^Reason/ }).fill(REASON);
      await screenshot('mark-at-risk-form', form);
    });

    await step('submit: the key result card shows the new status', async () => {
      const sentBefore = sentToChat().length;
      await cardWith('Flag the risk').getByRole('button', { name: 'Flag the risk' }).click();
      const kr = cardWith('Marked at risk.');
      await kr.waitFor({ timeout: WAIT.reply });
      await expectCards('Flag the risk', 0);
      const text = await textOf(kr);
      check(text.includes(title), `the card is not for "${title}"`);
      check(/Status ● At risk/.test(text), `the key result card does not show "At risk": "${text.slice(0, 400)}"`);
      check(text.includes(`Why ${REASON}`), 'the key result card does not show the reason');
      check(text.includes(`${MANAGER.name} will hear about it`), `the card does not say ${MANAGER.name} will be told: "${text.slice(0, 200)}"`);
      check(sentToChat().length === sentBefore, 'the bot posted a new message to the chat instead of replacing the form');
      await screenshot('marked-at-risk', kr);
    });

    await step(`the alert leaves the bot for ${MANAGER.name} (${MANAGER.id})`, async () => {
      // Checked where it is certain: the requests the bot made to the Playground's connector (the proxy in front of
      // it saw them, and the Playground's answers). The bot sends the alert before it answers the invoke, so both are
      // here by now. The Playground shows a chat only for its current user (Alex Wilber here), so Daniel's chat has
      // no window; its log panel lists the two requests, which the screenshot shows.
      const created = await until('a create-conversation for the manager', WAIT.action, () => connector.records.find(r =>
        r.method === 'POST' && r.path.endsWith('/v3/conversations') && r.body?.members?.some(m => m.id === MANAGER.id)));
      check(created.status === 201 || created.status === 200, `the Playground answered create-conversation with ${created.status}: ${JSON.stringify(created.response)}`);
      check(created.body.isGroup === false, 'the conversation created for the manager is not a 1:1 chat');
      const conversation = created.response?.id;
      check(conversation, `create-conversation returned no id: ${JSON.stringify(created.response)}`);
      const alert = await until('the alert posted to the manager\'s conversation', WAIT.action, () => connector.records.find(r =>
        r.method === 'POST' && r.path.endsWith(`/v3/conversations/${conversation}/activities`)));
      check(alert.status === 201 || alert.status === 200, `the Playground refused the alert: ${alert.status} ${JSON.stringify(alert.response)}`);
      const card = JSON.stringify(alert.body);
      check(card.includes('A key result is at risk') && card.includes(REASON) && card.includes(title),
        `the message to ${MANAGER.name} is not the alert for "${title}" with the reason`);
      check((await cardWith('A key result is at risk').count()) === 0, `the alert for ${MANAGER.name} showed up in ${PLAYED}'s own chat`);
      log(`  create-conversation ${created.status} -> ${conversation}; alert posted there: ${alert.status}`);
      // The same two requests in the Playground's log panel; open the create-conversation entry for the screenshot.
      const entry = page.getByText(/^createConversation \d+$/).last();
      await entry.waitFor({ timeout: WAIT.action });
      await entry.click();
      await page.getByText(MANAGER.id).first().waitFor({ timeout: WAIT.action });
      await screenshot('manager-alert-in-log-panel');
    });

    // ---- Authoring: create -> refine -> align -> publish, then see it in "my okrs" ------------------------------------

    let draft;
    await step('"new objective": the objective form', async () => {
      const before = await cards().count();
      await say('new objective');
      await until('a new card after "new objective"', WAIT.reply, async () => (await cards().count()) > before);
      const form = cards().last();
      const text = await textOf(form);
      check(text.includes('New objective') && text.includes('Who can see it'), `the answer to "new objective" is not the objective form: "${text.slice(0, 300)}"`);
      await form.getByRole('textbox', { name: /^Objective/ }).fill(OBJECTIVE);
      await form.getByRole('textbox', { name: /^Why it matters/ }).fill('Regulars reorder the same tea every week (e2e)');
      await screenshot('new-objective-form', form);
    });

    await step('save: the draft replaces the form, saved', async () => {
      const before = await cards().count();
      await cardWith('Who can see it').getByRole('button', { name: 'Save draft' }).click();
      draft = cardWith('Draft objective').filter({ hasText: OBJECTIVE });
      await draft.waitFor({ timeout: WAIT.reply });
      await expectCards('Who can see it', 0);
      check((await cards().count()) === before, 'the draft was posted as a new message instead of replacing the form');
      const text = await textOf(draft);
      check(text.includes('Saved.') && text.includes('No key results yet') && text.includes('Not aligned yet'),
        `the draft card does not say it is saved, empty and not aligned: "${text.slice(0, 400)}"`);
      const invoke = messages().filter(r => r.body.type === 'invoke' && r.body.value?.action?.verb === 'draft.save').pop();
      check(invoke?.body.value.action.data.objTitle === OBJECTIVE, 'the draft.save invoke does not carry the title typed');
      check(invoke.status === 200 && invoke.response?.type === 'application/vnd.microsoft.card.adaptive', `the bot answered draft.save with ${invoke.status}`);
      await screenshot('draft-saved', draft);
    });

    await step('"Add a key result": the key result form, filled', async () => {
      await draft.getByRole('button', { name: 'Add a key result' }).click();
      const form = cardWith('New key result');
      await form.waitFor({ timeout: WAIT.reply });
      await form.getByRole('textbox', { name: /^Key result/ }).fill(KEY_RESULT);
      await form.getByRole('spinbutton', { name: /^Start/ }).fill('95');
      await form.getByRole('spinbutton', { name: /^Target/ }).fill('45');
      await form.getByRole('textbox', { name: /^Unit/ }).fill('s');
      await screenshot('key-result-form', form);
    });

    await step('save the key result: the draft shows it, ready to publish', async () => {
      await cardWith('New key result').getByRole('button', { name: 'Save key result' }).click();
      await expectCards('New key result', 0);
      draft = cardWith('Draft objective').filter({ hasText: KEY_RESULT });
      await draft.waitFor({ timeout: WAIT.reply });
      const text = await textOf(draft);
      check(text.includes('From 95 s to 45 s') && text.includes(`Owner: ${PLAYED}`), `the draft does not show the key result as entered: "${text.slice(0, 500)}"`);
      check(text.includes('Ready to publish'), `the draft with a measurable key result is not ready to publish: "${text.slice(0, 500)}"`);
      await screenshot('draft-with-key-result', draft);
    });

    await step('"Align": the picker offers the team\'s OKRs; align to the team objective', async () => {
      await draft.getByRole('button', { name: 'Align', exact: true }).click();
      const picker = cardWith('Align the objective');
      await picker.waitFor({ timeout: WAIT.reply });
      const option = picker.getByRole('radio', { name: new RegExp(`objective: ${TEAM_OBJECTIVE}`) });
      check((await option.count()) === 1, `the picker does not offer the team objective "${TEAM_OBJECTIVE}": "${(await textOf(picker)).slice(0, 500)}"`);
      await option.check();
      await screenshot('align-picker', picker);
      await picker.getByRole('button', { name: 'Save alignment' }).click();
      await expectCards('Align the objective', 0);
      draft = cardWith('Draft objective').filter({ hasText: `Aligned to the objective \u201c${TEAM_OBJECTIVE}\u201d` });
      await draft.waitFor({ timeout: WAIT.reply });
      await screenshot('draft-aligned', draft);
    });

    await step('"Publish": published, and everyone can see it', async () => {
      await draft.getByRole('button', { name: 'Publish' }).click();
      const notice = cardWith(`Published \u201c${OBJECTIVE}\u201d`);
      await notice.waitFor({ timeout: WAIT.reply });
      await expectCards('Draft objective', 0);
      const text = await textOf(notice);
      check(text.includes('with 1 key result') && text.includes('Everyone in the organisation can see it'), `the publish notice says: "${text.slice(0, 300)}"`);
      await screenshot('published', notice);
    });

    await step('"my okrs": the new objective is there, published and aligned', async () => {
      const before = await cards().count();
      await say('my okrs');
      await until('a new card after "my okrs"', WAIT.reply, async () => (await cards().count()) > before);
      const list = cards().last();
      const text = await textOf(list);
      check(text.includes('Your OKRs') && text.includes(OBJECTIVE) && text.includes(KEY_RESULT), `"my okrs" does not list the new objective: "${text.slice(0, 600)}"`);
      const tags = text.slice(text.indexOf(OBJECTIVE), text.indexOf(KEY_RESULT));
      check(!tags.includes('Draft'), `the new objective is still marked as a draft: "${tags}"`);
      await screenshot('my-okrs-with-new-objective', list);
    });

    log(`PASSED: ${stepNumber} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    process.exitCode = 1;
    const reason = aborted ?? (error instanceof StepFailure ? error.message : (error && error.stack) || String(error));
    log(`FAILED at step ${current}: ${reason}`);
    if (page && !aborted) {
      await within(page.screenshot({ path: path.join(screenshotDir, `${String(stepNumber).padStart(2, '0')}-FAILED.png`) }), 10_000, 'failure screenshot')
        .then(() => log(`  failure screenshot ${String(stepNumber).padStart(2, '0')}-FAILED.png`), () => {});
    }
    const playgroundLog = tail(path.join(screenshotDir, 'playground.log'), 15);
    if (playgroundLog) log(`  the Playground's log ends:\n${playgroundLog}`);
  } finally {
    if (blocked?.size) log(`  blocked requests to ${[...blocked].join(', ')} (nothing leaves the machine)`);
    for (const proxy of [botProxy, connector].filter(Boolean)) {
      fs.writeFileSync(path.join(screenshotDir, `traffic-${proxy === botProxy ? 'client-to-bot' : 'bot-to-connector'}.json`),
        JSON.stringify(proxy.records, null, 2));
    }
    await cleanup();
  }
}

async function cleanup() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (error) { log(`  cleanup: ${error.message}`); }
  }
}

// The whole run is time-boxed too. With OKRBOT_E2E_WATCH_STDIN=1 (the xunit test sets it and holds our stdin open),
// stdin closing means whoever started us is gone: stop everything rather than leave a Playground and a browser behind.
// Stopping from outside the steps (the whole run's time box, a signal, stdin closing): say why, end the browser and
// the Playground so the step in progress fails at once and reports it, and exit if it does not within 15 s.
function abort(why) {
  if (aborted) return;
  aborted = why;
  process.exitCode = 1;
  log(`stopping: ${why}`);
  setTimeout(() => process.exit(1), 15_000).unref();
  cleanup();
}

const watchdog = setTimeout(() => abort(`the run took longer than ${TOTAL_TIMEOUT_MS} ms (OKRBOT_E2E_TIMEOUT_MS)`), TOTAL_TIMEOUT_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => abort(`stopped by ${signal}`));
// Whoever reads our output may be gone (a killed test host): writing must not crash the run before it cleans up.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
if (process.env.OKRBOT_E2E_WATCH_STDIN === '1') {
  process.stdin.on('end', () => {
    // The test host that started the bot for us is gone: end the bot too (OKRBOT_E2E_BOT_PID), nobody else will.
    const bot = Number(process.env.OKRBOT_E2E_BOT_PID);
    if (bot > 0) try { process.kill(bot, 'SIGTERM'); } catch { /* already gone */ }
    abort('stdin closed: whoever started this run is gone');
  });
  process.stdin.resume();
}

main().then(() => process.exit(process.exitCode ?? 0), async error => {
  log(`FAILED: ${error && error.stack}`);
  await within(cleanup(), 15_000, 'cleanup').catch(() => {});
  process.exit(1);
});
