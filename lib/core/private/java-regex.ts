/*
 * A syntax check for Java regular expressions (java.util.regex.Pattern),
 * which API Gateway uses for integration response selection patterns and
 * token authorizer validation expressions. JavaScript's RegExp accepts and
 * rejects other things: it refuses inline flags `(?i)`, possessive
 * quantifiers `a*+`, atomic groups `(?>...)`, `\p{Alpha}`, `\Q...\E`,
 * `\z`, `\h`, and accepts `a{`, `{,3}`, `[[]`, `[\b]` or `(?<n>a)(?<n>b)`, which
 * Java refuses. It follows Java 17, whose look-behind groups may be unbounded
 * (but hold no back reference).
 *
 * The check follows Pattern's parser: groups (capturing, named, `(?:`,
 * `(?>`, look-ahead and look-behind, inline flags `(?idmsuxcU-idmsuxcU)` and
 * `(?flags:...)`), quantifiers (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each
 * greedy, lazy `?` or possessive `+`), character classes (ranges, nesting,
 * `&&` intersections), escapes (the ones Java defines, with their arguments),
 * `\Q...\E` quoting and the comments flag `(?x)`. It does not know Unicode
 * property and character names: `\p{...}` and `\N{...}` are checked for their
 * form, not their names.
 */

import { Escaped, JavaRegexScanner, JavaRegexSyntax, LATIN_LETTER } from './java-regex-scanner';

/** The flags `(?...)` may set or clear. */
const INLINE_FLAGS = 'idmsuxcU';

/**
 * Why Java would not compile `pattern` (e.g. `Dangling meta character '*' near index 0`),
 * or undefined when it would.
 */
export function javaRegexSyntaxError(pattern: string): string | undefined {
  try {
    new JavaRegexParser(pattern).parse();
    return undefined;
  } catch (caught) {
    if (caught instanceof JavaRegexSyntax) {
      return `${caught.description} near index ${caught.index}`;
    }
    throw caught;
  }
}

/** The structure of a pattern: alternations, groups, quantifiers and character classes. */
class JavaRegexParser extends JavaRegexScanner {
  /** The comments flag (?x), scoped like Java's flags: a group restores it when it closes. */
  private comments = false;

  public parse(): void {
    this.alternation(false);
    if (this.pos < this.source.length) {
      // Only a ')' stops the top-level alternation early.
      throw new JavaRegexSyntax("Unmatched closing ')'", this.pos > 0 ? this.pos - 1 : 0);
    }
  }

  private alternation(lookbehind: boolean): void {
    this.sequence(lookbehind);
    while (this.peek() === '|') {
      this.pos++;
      this.sequence(lookbehind);
    }
  }

  private sequence(lookbehind: boolean): void {
    for (;;) {
      const char = this.peek();
      if (char === undefined || char === '|' || char === ')') {
        return;
      }
      switch (char) {
        case '(':
          if (!this.group(lookbehind)) {
            // An inline flag group (?i) is no atom: a quantifier after it dangles.
            continue;
          }
          break;
        case '[':
          this.characterClass();
          break;
        case '\\':
          this.escape(false, lookbehind);
          break;
        case '*':
        case '+':
        case '?':
          throw new JavaRegexSyntax(`Dangling meta character '${char}'`, this.pos);
        case '{':
          // Java reads a leading counted quantifier as repeating nothing; anything else after { is an error.
          break;
        default:
          this.pos += this.source.codePointAt(this.pos)! > 0xffff ? 2 : 1;
      }
      this.quantifier();
    }
  }

  /** An optional quantifier, with its lazy or possessive mark. */
  private quantifier(): void {
    const char = this.peek();
    const start = this.pos;
    if (char === '*' || char === '+' || char === '?') {
      this.pos++;
    } else if (char === '{') {
      this.pos++;
      if (!this.isDigit(this.source[this.pos])) {
        throw new JavaRegexSyntax('Illegal repetition', start);
      }
      const min = this.number();
      let max = min;
      if (this.source[this.pos] === ',') {
        this.pos++;
        max = this.isDigit(this.source[this.pos]) ? this.number() : Infinity;
      }
      if (this.source[this.pos] !== '}') {
        throw new JavaRegexSyntax('Unclosed counted closure', this.pos);
      }
      this.pos++;
      if (max < min || min > 0x7fffffff || (max !== Infinity && max > 0x7fffffff)) {
        throw new JavaRegexSyntax('Illegal repetition range', start);
      }
    } else {
      return;
    }
    if (this.source[this.pos] === '?' || this.source[this.pos] === '+') {
      this.pos++;
    }
  }

  /** A group; false for an inline flag group `(?i)`, which sets flags and matches nothing. */
  private group(lookbehind: boolean): boolean {
    this.pos++;
    const saved = this.comments;
    let inner = lookbehind;
    if (this.source[this.pos] === '?') {
      this.pos++;
      const kind = this.source[this.pos];
      if (kind === ':' || kind === '=' || kind === '!' || kind === '>') {
        this.pos++;
      } else if (kind === '<') {
        this.pos++;
        const next = this.source[this.pos];
        if (next === '=' || next === '!') {
          this.pos++;
          inner = true;
        } else if (next !== undefined && LATIN_LETTER.test(next)) {
          const name = this.groupName();
          if (this.groupNames.has(name)) {
            throw new JavaRegexSyntax(`Named capturing group <${name}> is already defined`, this.pos - 1);
          }
          this.groupNames.add(name);
        } else {
          throw new JavaRegexSyntax('Unknown look-behind group', this.pos);
        }
      } else {
        let set = true;
        let comments = this.comments;
        while (this.pos < this.source.length && (INLINE_FLAGS.includes(this.source[this.pos]) || this.source[this.pos] === '-')) {
          if (this.source[this.pos] === '-') {
            set = false;
          } else if (this.source[this.pos] === 'x') {
            comments = set;
          }
          this.pos++;
        }
        const end = this.source[this.pos];
        if (end === ')') {
          this.pos++;
          this.comments = comments;
          return false;
        }
        if (end !== ':') {
          throw new JavaRegexSyntax('Unknown inline modifier', this.pos);
        }
        this.pos++;
        this.comments = comments;
      }
    }
    this.alternation(inner);
    if (this.source[this.pos] !== ')') {
      throw new JavaRegexSyntax('Unclosed group', this.source.length);
    }
    this.pos++;
    this.comments = saved;
    return true;
  }

  private characterClass(): void {
    this.pos++;
    if (this.source[this.pos] === '^') {
      this.pos++;
    }
    let hasItem = false;
    for (;;) {
      const char = this.peek();
      if (char === undefined) {
        throw new JavaRegexSyntax('Unclosed character class', this.source.length - 1);
      }
      if (char === '[') {
        this.characterClass();
        hasItem = true;
        continue;
      }
      if (char === '&' && this.source[this.pos + 1] === '&') {
        this.pos += 2;
        continue;
      }
      if (char === ']' && hasItem) {
        this.pos++;
        return;
      }
      // A ']' first in the class is a literal, as in Java.
      const first = this.classAtom();
      hasItem = true;
      // After a class escape (\d-z) the dash is a literal, as in Java; after a character it makes a range.
      if (first.kind === 'char' && this.source[this.pos] === '-' && this.source[this.pos + 1] !== undefined && this.source[this.pos + 1] !== ']' && this.source[this.pos + 1] !== '[') {
        const dash = this.pos;
        this.pos++;
        const last = this.classAtom();
        if (last.kind !== 'char') {
          throw new JavaRegexSyntax('Illegal character range', dash);
        }
        if (first.codePoint !== undefined && last.codePoint !== undefined && last.codePoint < first.codePoint) {
          throw new JavaRegexSyntax('Illegal character range', dash);
        }
      }
    }
  }

  /** One character (or escape) in a character class. */
  private classAtom(): Escaped {
    if (this.source[this.pos] === '\\') {
      return this.escape(true, false);
    }
    const codePoint = this.source.codePointAt(this.pos)!;
    this.pos += codePoint > 0xffff ? 2 : 1;
    return { kind: 'char', codePoint };
  }

  /** The next character, past whitespace and # comments when the comments flag is on. */
  private peek(): string | undefined {
    if (this.comments) {
      for (;;) {
        const char = this.source[this.pos];
        if (char !== undefined && /\s/.test(char)) {
          this.pos++;
        } else if (char === '#') {
          const end = this.source.indexOf('\n', this.pos);
          this.pos = end === -1 ? this.source.length : end + 1;
        } else {
          break;
        }
      }
    }
    return this.source[this.pos];
  }
}
