// Runs the CSAF 2.0 schema test (strict: no property the schema does not define; with --lenient the
// plain schema) with every mandatory and optional test of @secvisogram/csaf-validator-lib, and the
// informative tests but 6.3.6 to 6.3.8 (URLs fetched, spell check), on each file named on the command
// line; prints one JSON array: [{file, isValid, tests, errors, warnings, infos}], each finding
// {test, instancePath, message}.
import fs from 'node:fs'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js'
import * as informative from '@secvisogram/csaf-validator-lib/informativeTests.js'
import { csaf_2_0, csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'

let files = process.argv.slice(2)
const lenient = files[0] === '--lenient'
if (lenient) files = files.slice(1)
const offline = Object.values(informative).filter(
  (test) => !['informativeTest_6_3_6', 'informativeTest_6_3_7', 'informativeTest_6_3_8'].includes(test.name)
)
const tests = [lenient ? csaf_2_0 : csaf_2_0_strict, ...Object.values(mandatory), ...Object.values(optional), ...offline]
const results = []
for (const file of files) {
  const document = JSON.parse(fs.readFileSync(file, 'utf8'))
  const result = await validateStrict(tests, document)
  const errors = []
  const warnings = []
  const infos = []
  for (const test of result.tests) {
    for (const error of test.errors ?? []) {
      errors.push({ test: test.name, instancePath: error.instancePath, message: error.message })
    }
    for (const warning of test.warnings ?? []) {
      warnings.push({ test: test.name, instancePath: warning.instancePath, message: warning.message })
    }
    for (const info of test.infos ?? []) {
      infos.push({ test: test.name, instancePath: info.instancePath, message: info.message })
    }
  }
  results.push({ file, isValid: result.isValid, tests: result.tests.length, errors, warnings, infos })
}
process.stdout.write(JSON.stringify(results) + '\n')
