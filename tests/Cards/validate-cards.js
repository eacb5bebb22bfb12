#!/usr/bin/env node
// Checks Adaptive Cards with Microsoft's official library (npm "adaptivecards" 3.0.x), the renderer Teams' own
// card tooling is built on.
//
//   node validate-cards.js <directory>
//
// Every *.json file in the directory is one card, or a Bot Framework attachment {contentType, content: card}.
// A card fails on anything the library reports, and on what it silently drops:
//   1. every event the library's SerializationContext collects while parsing (e.g. Unknown element type "X",
//      Invalid value "x" for property "y");
//   2. every event of the library's own validation (duplicate input ids, required inputs without label or
//      error message, ...);
//   3. every property the library does not know: the card is read and written back, and a property that does
//      not come back is one the library ignored (a typo such as "erorMessage", or a default value not needed);
//   4. Universal Actions: each Action.Execute needs an Action.Submit fallback whose data carries the same verb
//      and data; the card is also read as a host without Action.Execute reads it, where the fallbacks must parse
//      with no other event;
//   5. the version is at most 1.5 (Teams) and the file is at most 80 KB.
// Prints one line per card and a closing "N passed, N failed"; exits 1 when any card failed, 2 on bad usage.
'use strict';

const fs = require('fs');
const path = require('path');
const AC = require('adaptivecards/dist/adaptivecards.js');

const MAX_BYTES = 80 * 1024;
const MAX_VERSION = [1, 5];
const ACTION_TYPES = new Set(['Action.Execute', 'Action.Submit', 'Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility']);

function events(context) {
  const found = [];
  for (let i = 0; i < context.eventCount; i++) found.push(context.getEventAt(i).message);
  return found;
}

function parse(json, actionRegistry) {
  const context = new AC.SerializationContext();
  if (actionRegistry) context.setActionRegistry(actionRegistry);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  return { card, parseEvents: events(context) };
}

// Keys of `raw` that are missing from `written` (the library's own serialisation of what it read).
function droppedProperties(raw, written, where, problems) {
  if (Array.isArray(raw)) {
    if (!Array.isArray(written) || written.length !== raw.length) {
      problems.push(`${where}: ${raw.length} items, but the library kept ${Array.isArray(written) ? written.length : 'none'}`);
      return;
    }
    raw.forEach((item, i) => droppedProperties(item, written[i], `${where}[${i}]`, problems));
    return;
  }
  if (raw === null || typeof raw !== 'object') return;
  if (written === null || typeof written !== 'object') {
    problems.push(`${where}: the library dropped this object`);
    return;
  }
  const isAction = ACTION_TYPES.has(raw.type);
  for (const key of Object.keys(raw)) {
    // An action's fallback is read only by hosts that lack the action; check 4 reads it that way.
    if (isAction && key === 'fallback') continue;
    // Action data is free-form: whatever is in it is sent back as it is.
    if (isAction && key === 'data') continue;
    if (!(key in written)) {
      problems.push(`${where}.${key}: property unknown to the library (or a default value the card need not carry)`);
      continue;
    }
    droppedProperties(raw[key], written[key], `${where}.${key}`, problems);
  }
}

function walk(node, where, visit, parentKey) {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${where}[${i}]`, visit, parentKey));
  } else if (node !== null && typeof node === 'object') {
    visit(node, where, parentKey);
    for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`, visit, key);
  }
}

function checkUniversalActions(json, problems) {
  let buttons = 0;
  walk(json, 'card', (node, where, parentKey) => {
    if (node.type !== 'Action.Execute' || parentKey === 'fallback') return;
    if (parentKey !== 'selectAction') buttons++;
    if (typeof node.verb !== 'string' || node.verb.length === 0) problems.push(`${where}: Action.Execute without a verb`);
    const fallback = node.fallback;
    if (!fallback || fallback.type !== 'Action.Submit') {
      problems.push(`${where}: Action.Execute "${node.verb}" has no Action.Submit fallback`);
      return;
    }
    const data = fallback.data || {};
    if (data.verb !== node.verb) problems.push(`${where}: the fallback's data.verb is "${data.verb}", not "${node.verb}"`);
    for (const [key, value] of Object.entries(node.data || {})) {
      if (JSON.stringify(data[key]) !== JSON.stringify(value)) problems.push(`${where}: the fallback's data.${key} differs from the action's`);
    }
    if (fallback.title !== node.title) problems.push(`${where}: the fallback's title differs from the action's`);
  });

  const withoutExecute = new AC.CardObjectRegistry();
  AC.GlobalRegistry.populateWithDefaultActions(withoutExecute);
  withoutExecute.unregister('Action.Execute');
  const legacy = parse(json, withoutExecute);
  for (const message of legacy.parseEvents) {
    if (message !== 'Unknown action type "Action.Execute". Fallback will be used if present.') {
      problems.push(`on a host without Action.Execute: ${message}`);
    }
  }
  let submits = 0;
  walk(legacy.card.toJSON(new AC.SerializationContext()), 'card', (node) => { if (node.type === 'Action.Submit') submits++; });
  let rawSubmits = 0;
  walk(json, 'card', (node, where, parentKey) => { if (node.type === 'Action.Submit' && parentKey !== 'fallback') rawSubmits++; });
  if (submits < buttons + rawSubmits) {
    problems.push(`on a host without Action.Execute only ${submits} of ${buttons + rawSubmits} buttons remain`);
  }
}

function checkCard(file) {
  const problems = [];
  const bytes = fs.statSync(file).size;
  if (bytes > MAX_BYTES) problems.push(`${bytes} bytes, over the ${MAX_BYTES} byte limit`);

  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return [`not JSON: ${e.message}`];
  }
  if (json && json.contentType === 'application/vnd.microsoft.card.adaptive' && json.content) json = json.content;
  if (!json || json.type !== 'AdaptiveCard') return ['not an Adaptive Card (type is not "AdaptiveCard")'];

  const version = String(json.version || '').split('.').map(Number);
  if (version.length !== 2 || version.some(Number.isNaN)) problems.push(`version "${json.version}" is not major.minor`);
  else if (version[0] > MAX_VERSION[0] || (version[0] === MAX_VERSION[0] && version[1] > MAX_VERSION[1])) {
    problems.push(`version ${json.version} is newer than Teams' ${MAX_VERSION.join('.')}`);
  }

  const { card, parseEvents } = parse(json);
  problems.push(...parseEvents);
  for (const e of card.validateProperties().validationEvents) problems.push(`validation: ${e.message}`);
  droppedProperties(json, card.toJSON(new AC.SerializationContext()), 'card', problems);
  checkUniversalActions(json, problems);
  return problems;
}

function main() {
  const dir = process.argv[2];
  if (!dir || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error('usage: node validate-cards.js <directory of card .json files>');
    process.exit(2);
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) {
    console.error(`no .json files in ${dir}`);
    process.exit(2);
  }
  let failed = 0;
  for (const name of files) {
    let problems;
    try {
      problems = checkCard(path.join(dir, name));
    } catch (e) {
      problems = [`the library threw: ${e && e.stack ? e.stack : e}`];
    }
    if (problems.length === 0) {
      console.log(`ok    ${name}`);
    } else {
      failed++;
      console.log(`FAIL  ${name}`);
      for (const p of problems) console.log(`        ${p}`);
    }
  }
  console.log(`${files.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
