#!/usr/bin/env node
// Checks Teams app manifests against Microsoft's official JSON schemas, the ones npm "@microsoft/app-manifest"
// ships under build/json-schemas/teams/v1.N/ (the package the Microsoft 365 Agents Toolkit validates with).
//
//   node validate-manifest.js <manifest.json> [<manifest.json> ...]
//
// Each manifest is checked against the schema of its own manifestVersion, with ajv for the JSON Schema draft that
// schema declares in its "$schema" (draft-04 for every Teams schema so far). A manifest fails on:
//   1. not being JSON, or having no manifestVersion the package ships a schema for;
//   2. every error ajv reports (allErrors: all of them, not only the first);
//   3. a "$schema" that names another version than manifestVersion (editors would check it against the wrong one).
// Prints one line per manifest with its errors indented below it, and a closing "N passed, N failed"; exits 1 when
// any manifest failed, 2 on bad usage.
'use strict';

const fs = require('fs');
const path = require('path');
const addFormats = require('ajv-formats');

const PACKAGE = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const PACKAGE_VERSION = require('@microsoft/app-manifest/package.json').version;
const SCHEMAS = path.join(PACKAGE, 'build', 'json-schemas', 'teams');

// The ajv class for each JSON Schema draft a schema may declare.
function ajvFor(draft) {
  if (/draft-04/.test(draft)) return require('ajv-draft-04');
  if (/draft-0[67]/.test(draft)) return require('ajv').default;
  if (/2019-09/.test(draft)) return require('ajv/dist/2019').default;
  if (/2020-12/.test(draft)) return require('ajv/dist/2020').default;
  return null;
}

const validators = new Map();

function validatorFor(manifestVersion) {
  if (validators.has(manifestVersion)) return validators.get(manifestVersion);
  const file = path.join(SCHEMAS, `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  let result;
  if (!/^[0-9A-Za-z.]+$/.test(manifestVersion) || !fs.existsSync(file)) {
    const shipped = fs.readdirSync(SCHEMAS).filter(d => /^v\d/.test(d)).map(d => d.slice(1))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    result = { error: `manifestVersion "${manifestVersion}": @microsoft/app-manifest ${PACKAGE_VERSION} ships no schema for it ` +
      `(it has ${shipped.join(', ')})` };
  } else {
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    const Ajv = ajvFor(schema.$schema || '');
    if (!Ajv) {
      result = { error: `the v${manifestVersion} schema declares "$schema": "${schema.$schema}", a JSON Schema draft this script has no ajv for` };
    } else {
      // strict: false because Microsoft's schemas put keywords where strict mode wants a matching "type" (e.g.
      // "maxItems" without "type": "array"), which it would log by the dozen; they do not change what is valid.
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      result = { validate: ajv.compile(schema), file: path.relative(PACKAGE, file) };
    }
  }
  validators.set(manifestVersion, result);
  return result;
}

function describe(error) {
  const at = error.instancePath || '(root)';
  const params = Object.keys(error.params || {}).length ? ' ' + JSON.stringify(error.params) : '';
  return `${at} ${error.message}${params}`;
}

function check(file) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    return { errors: [`not JSON: ${e.message}`] };
  }
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) return { errors: ['not a JSON object'] };
  if (typeof manifest.manifestVersion !== 'string') return { errors: ['no manifestVersion: the schema to check against is unknown'] };

  const validator = validatorFor(manifest.manifestVersion);
  if (validator.error) return { errors: [validator.error] };

  const errors = [];
  if (!validator.validate(manifest)) errors.push(...validator.validate.errors.map(describe));
  if (typeof manifest.$schema === 'string') {
    const named = /\/v([^/]+)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema);
    if (named && named[1] !== manifest.manifestVersion)
      errors.push(`/$schema names v${named[1]}, but manifestVersion is ${manifest.manifestVersion}`);
  }
  return { errors, schema: validator.file };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate-manifest.js <manifest.json> [<manifest.json> ...]');
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const file of files) {
  const { errors, schema } = check(file);
  if (errors.length === 0) {
    passed++;
    console.log(`ok    ${file} (${schema})`);
  } else {
    failed++;
    console.log(`FAIL  ${file}`);
    for (const error of errors) console.log(`        ${error}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
