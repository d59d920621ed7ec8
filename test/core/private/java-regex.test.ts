import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { javaRegexSyntaxError } from '../../../lib/core/private/java-regex';

/** Patterns java.util.regex.Pattern compiles (checked with OpenJDK 17), many of which JavaScript's RegExp refuses. */
const JAVA_ACCEPTS = [
  '4\\d{2}', '5\\d{2}', '.*Error.*', '(?i).*not found.*', '(?s).*', '(?i)(?s)a', '(?is:a|b)c', '(?-i)a', '(?x) a b # comment\n c',
  'a*+', 'a++', 'a?+', 'a{2,3}+', 'a{2,}?', '(?>a|ab)c', '\\p{Alpha}+', '\\p{javaLowerCase}', '\\p{IsLatin}', '\\p{InGreek}', '\\pL\\PN',
  '\\p{Lu}', '\\p{sc=Latin}', '\\Qa.b*c\\E+', '\\Q(unterminated', '\\A\\w+\\z', '\\Z', '\\h\\H\\v\\V\\R\\X', '\\G', '\\x{1F600}', '\\u00e9',
  '\\0101', '\\07', '\\cA', '\\e\\a', '(?<year>\\d{4})-\\k<year>', '(a)\\1', '(a)\\12', '[]a]', '[^]a]', '[a-z&&[^aeiou]]', '[a-z&&def]',
  '[\\w-]', '[\\d-z]', '[a-]', '[-a]', '[[a-c][x-z]]', '[\\Q]\\E]', '(?<=ab|c)d', '(?<!a{1,3})b', '(?<=a*)b', '(?<=a{2,})b', '(?=a)*', '^*a', 'a{2}{3}', '{2}a',
  'a}', 'a]', '\\b{g}', '\\N{LATIN SMALL LETTER A}', '', '|', '()', '(|a)', 'Bearer [-0-9a-zA-Z._]+', '^[A-Za-z0-9-_=]+\\.[A-Za-z0-9-_=]+\\.?[A-Za-z0-9-_.+/=]*$',
];

/** Patterns Java refuses (checked with OpenJDK 17), with the description Java gives; several of them JavaScript accepts. */
const JAVA_REJECTS: Array<[string, RegExp]> = [
  ['(a', /^Unclosed group/], ['a)', /^Unmatched closing '\)'/], ['*a', /^Dangling meta character '\*'/], ['a|+', /^Dangling meta character '\+'/],
  ['a**', /^Dangling meta character '\*'/], ['(?i)*', /^Dangling meta character '\*'/], ['a{', /^Illegal repetition/], ['a{,3}', /^Illegal repetition/],
  ['{a}', /^Illegal repetition/], ['a{2', /^Unclosed counted closure/], ['a{3,2}', /^Illegal repetition range/], ['[a', /^Unclosed character class/],
  ['[]', /^Unclosed character class/], ['[[]', /^Unclosed character class/], ['[z-a]', /^Illegal character range/], ['\\y', /^Illegal\/unsupported escape sequence/],
  ['\\E', /^Illegal\/unsupported escape sequence/], ['[\\b]', /^Illegal\/unsupported escape sequence/], ['[\\1]', /^Illegal\/unsupported escape sequence/],
  ['\\0', /^Illegal octal escape sequence/], ['\\08', /^Illegal octal escape sequence/], ['\\x1', /^Illegal hexadecimal escape sequence/],
  ['\\x{110000}', /^Illegal hexadecimal escape sequence/], ['\\u12', /^Illegal Unicode escape sequence/], ['\\c', /^Illegal control escape sequence/],
  ['a\\', /^Unexpected internal error/], ['(?q)a', /^Unknown inline modifier/], ['(?#comment)', /^Unknown inline modifier/], ['(?P<n>a)', /^Unknown inline modifier/],
  ['(?<1>a)', /^Unknown look-behind group/], ['(?<n-x>a)', /^named capturing group is missing trailing '>'/],
  ['(?<n>a)(?<n>b)', /^Named capturing group <n> is already defined/], ['\\k<n>', /^named capturing group <n> does not exist/],
  ['(a)(?<=\\1)b', /^Look-behind group does not have an obvious maximum length/], ['(?<n>a)(?<=\\k<n>)', /^Look-behind group does not have an obvious maximum length/],
  ['\\pQ', /^Unknown character property name/], ['\\p{', /^Unclosed character family/], ['\\p{}', /^Empty character family/],
];

describe('the Java regular expression syntax check', () => {
  test.each(JAVA_ACCEPTS)('accepts %j, as Java does', pattern => {
    expect(javaRegexSyntaxError(pattern)).toBeUndefined();
  });

  test.each(JAVA_REJECTS)('rejects %j, as Java does', (pattern, description) => {
    expect(javaRegexSyntaxError(pattern)).toMatch(description);
    expect(javaRegexSyntaxError(pattern)).toMatch(/ near index \d+$/);
  });
});

/** Runs Java's own Pattern.compile over the patterns: 'OK' or the error's description for each. */
function javaVerdicts(patterns: string[]): string[] {
  if (spawnSync('javac', ['-version']).status !== 0) {
    throw new Error('this test compares the checker with Java\'s own Pattern.compile and needs a JDK (javac and java) on PATH; on Debian: apt-get install default-jdk-headless');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'java-regex-'));
  fs.writeFileSync(path.join(dir, 'Check.java'), [
    'import java.io.*; import java.util.*; import java.util.regex.*;',
    'public class Check { public static void main(String[] args) throws Exception {',
    '  BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8")); String line;',
    '  while ((line = in.readLine()) != null) { String p = new String(Base64.getDecoder().decode(line), "UTF-8");',
    '    try { Pattern.compile(p); System.out.println("OK"); } catch (PatternSyntaxException e) { System.out.println(e.getDescription().replace(\'\\n\', \' \')); } } } }',
  ].join('\n'));
  execFileSync('javac', ['Check.java'], { cwd: dir });
  const input = patterns.map(pattern => Buffer.from(pattern, 'utf8').toString('base64')).join('\n') + '\n';
  return execFileSync('java', ['-cp', dir, 'Check'], { input, encoding: 'utf8' }).trimEnd().split('\n');
}

describe('against Java itself', () => {
  const pieces = ['(', ')', '[', ']', '{', '}', '*', '+', '?', '|', '\\', '^', '$', '.', '-', '&', 'a', 'z', '1', '2', ',', ':', '<', '>', '=', '!', '#', ' ', '\n',
    '(?', '(?<', '(?i)', '(?x)', '\\p{', '\\pL', '\\Q', '\\E', '{2,', '\\k<a>', '(?<a>', '\\d', '\\b', '\\0', '\\x', '\\u00', 'L}', '&&', '[^'];
  const patterns = fc.sample(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map(parts => parts.join('')), { numRuns: 6000, seed: 42 });
  // Every escape of a printable ASCII character, in and out of a character class, and before a quantifier.
  const ascii = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index));
  const escapes = ascii.flatMap(char => [`\\${char}`, `[\\${char}]`, `a\\${char}*`, `[a-\\${char}]`]);
  const cases = [...new Set([...patterns, ...escapes, ...JAVA_ACCEPTS, ...JAVA_REJECTS.map(([pattern]) => pattern)])];
  test('accepts exactly what Pattern.compile accepts, on thousands of random patterns', () => {
    const verdicts = javaVerdicts(cases);
    const disagreements = cases
      .map((pattern, index) => ({ pattern, java: verdicts[index], ours: javaRegexSyntaxError(pattern) ?? 'OK' }))
      .filter(({ java, ours }) => (java === 'OK') !== (ours === 'OK'));
    expect(disagreements).toEqual([]);
  });
});
