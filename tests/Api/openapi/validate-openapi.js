// Validates an OpenAPI document with @apidevtools/swagger-parser: its JSON Schema for the document's OpenAPI version
// (3.1 here), then the rules the schema cannot say (unique operationIds, path parameters declared, $refs resolving).
// Usage: node validate-openapi.js <document.json>. Exit 0 and "valid" on success, 1 and the errors otherwise.
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate-openapi.js <document.json>');
  process.exit(2);
}

SwaggerParser.validate(file)
  .then((api) => {
    console.log(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths || {}).length} paths`);
  })
  .catch((err) => {
    console.error(`invalid: ${err.message}`);
    if (err.details) console.error(JSON.stringify(err.details, null, 2));
    process.exit(1);
  });
