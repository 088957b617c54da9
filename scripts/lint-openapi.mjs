// Lints an OpenAPI document (a JSON file named on the command line) with Redocly's `recommended` rules and prints the
// problems as JSON on stdout: [{ ruleId, severity, message, pointer }]. A separate process because
// @redocly/openapi-core is an ES module, which Jest's CommonJS runtime does not load (test/e2e/platform/openapi).
import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node scripts/lint-openapi.mjs <openapi.json>\n');
  process.exit(2);
}
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(file, 'utf8'), absoluteRef: file, config });
const out = problems.map((p) => ({
  ruleId: p.ruleId,
  severity: p.severity,
  message: p.message,
  pointer: p.location?.[0]?.pointer ?? null,
}));
process.stdout.write(`${JSON.stringify(out)}\n`);
