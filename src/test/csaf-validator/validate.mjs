// Runs the CSAF 2.0 schema test and every mandatory test of @secvisogram/csaf-validator-lib on
// each file named on the command line; prints one JSON array: [{file, isValid, errors: [{test, instancePath, message}]}].
import fs from 'node:fs'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'

const tests = [csaf_2_0_strict, ...Object.values(mandatory)]
const results = []
for (const file of process.argv.slice(2)) {
  const document = JSON.parse(fs.readFileSync(file, 'utf8'))
  const result = await validateStrict(tests, document)
  const errors = []
  for (const test of result.tests) {
    for (const error of test.errors ?? []) {
      errors.push({ test: test.name, instancePath: error.instancePath, message: error.message })
    }
  }
  results.push({ file, isValid: result.isValid, tests: result.tests.length, errors })
}
process.stdout.write(JSON.stringify(results) + '\n')
