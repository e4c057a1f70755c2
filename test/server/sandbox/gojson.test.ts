import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goJsonSyntaxError } from '../../../server/src/sandbox/gojson';

// Expected strings are what Go's json.Unmarshal returns for these inputs.
const cases: [string, string | undefined][] = [
  ['{"a":[1,{"b":null}],"c":"\\u00e9","d":-1.5e+3}', undefined],
  ['', 'unexpected end of JSON input'],
  ['{bad', "invalid character 'b' looking for beginning of object key string"],
  ['{"a":1', 'unexpected end of JSON input'],
  ['{"a" 1}', "invalid character '1' after object key"],
  ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
  ['[1 2]', "invalid character '2' after array element"],
  ['[1,]', "invalid character ']' looking for beginning of value"],
  ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
  ['"\\x"', "invalid character 'x' in string escape code"],
  ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
  ['{"a":1}x', "invalid character 'x' after top-level value"],
  ['01', "invalid character '1' after top-level value"],
  ['-x', "invalid character 'x' in numeric literal"],
  ['1.x', "invalid character 'x' after decimal point in numeric literal"],
  ['1ex', "invalid character 'x' in exponent of numeric literal"],
  ["'a'", "invalid character '\\'' looking for beginning of value"],
  ['"a\nb"', "invalid character '\\n' in string literal"],
];
for (const [input, expected] of cases) {
  test(`${JSON.stringify(input)} -> ${expected ?? 'valid'}`, () => assert.equal(goJsonSyntaxError(input), expected));
}

test('deep nesting stops at Go\'s limit instead of overflowing the stack', () => {
  assert.equal(goJsonSyntaxError('['.repeat(200_000)), "invalid character '[' exceeded max depth");
  assert.equal(goJsonSyntaxError('['.repeat(500) + ']'.repeat(500)), undefined);
});
