// Runs the CSAF 2.0 schema test (strict: no property the schema does not define; with --lenient the
// plain schema) with every mandatory and optional test of @secvisogram/csaf-validator-lib on each file
// named on the command line; prints one JSON array:
// [{file, isValid, tests, errors: [{test, instancePath, message}], warnings: [{test, instancePath, message}]}].
import fs from 'node:fs'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js'
import { csaf_2_0, csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'

let files = process.argv.slice(2)
const lenient = files[0] === '--lenient'
if (lenient) files = files.slice(1)
const tests = [lenient ? csaf_2_0 : csaf_2_0_strict, ...Object.values(mandatory), ...Object.values(optional)]
const results = []
for (const file of files) {
  const document = JSON.parse(fs.readFileSync(file, 'utf8'))
  const result = await validateStrict(tests, document)
  const errors = []
  const warnings = []
  for (const test of result.tests) {
    for (const error of test.errors ?? []) {
      errors.push({ test: test.name, instancePath: error.instancePath, message: error.message })
    }
    for (const warning of test.warnings ?? []) {
      warnings.push({ test: test.name, instancePath: warning.instancePath, message: warning.message })
    }
  }
  results.push({ file, isValid: result.isValid, tests: result.tests.length, errors, warnings })
}
process.stdout.write(JSON.stringify(results) + '\n')
