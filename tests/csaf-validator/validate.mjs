// Runs the BSI's csaf-validator-lib on every `*.json` file in the directory given as
// the one argument: the strict CSAF 2.0 schema test and every mandatory test (the
// `basic` set: CSAF 2.0 section 6.1; 6.1.8 is part of the schema test there).
// Prints one line per document and, for a failing one, every error with its path.
// Exit status: 0 when every document passes, 1 when any fails, 2 on bad usage.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as basic from '@secvisogram/csaf-validator-lib/basic.js'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node validate.mjs DIR')
  process.exit(2)
}
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
if (files.length === 0) {
  console.error(`csaf-validator: no .json documents in ${dir}`)
  process.exit(2)
}
const tests = Object.values(basic)
let passed = 0
let failed = 0
for (const file of files) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  const result = await validateStrict(tests, doc)
  if (result.isValid) {
    passed += 1
    console.log(`ok   ${file} (${result.tests.length} tests)`)
  } else {
    failed += 1
    console.log(`FAIL ${file}`)
    for (const test of result.tests.filter((t) => !t.isValid)) {
      for (const error of test.errors) {
        console.log(`     ${test.name} ${error.instancePath}: ${error.message}`)
      }
    }
  }
}
console.log(`csaf-validator: ${passed} documents valid, ${failed} invalid (schema + mandatory tests)`)
process.exit(failed === 0 ? 0 : 1)
