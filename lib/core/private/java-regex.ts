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

/** Why a pattern does not compile, in Java's words, with the index Java reports. */
class JavaRegexSyntax {
  constructor(readonly description: string, readonly index: number) {}
}

/** The flags `(?...)` may set or clear. */
const INLINE_FLAGS = 'idmsuxcU';
/** Escapes of a letter that Java accepts anywhere; and those it accepts outside character classes only. */
const ESCAPES_ANYWHERE = new Set('tnrfaecdDsSwWhHvVpPxuN0');
const ESCAPES_OUTSIDE_CLASS = new Set('AbBGZzRXk');
/** One-letter Unicode categories, as in `\pL`. */
const ONE_LETTER_CATEGORIES = new Set('LMNPSZC');
const HEX = /^[0-9A-Fa-f]$/;
const LATIN_LETTER = /^[A-Za-z]$/;
const SIMPLE_ESCAPE_VALUES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 27 };

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

/** What an escape stands for: one character (its code point, when known), or a class of characters. */
type Escaped = { readonly kind: 'char'; readonly codePoint?: number } | { readonly kind: 'class' };

class JavaRegexParser {
  private pos = 0;
  /** The comments flag (?x), scoped like Java's flags: a group restores it when it closes. */
  private comments = false;
  private readonly groupNames = new Set<string>();

  constructor(private readonly source: string) {}

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

  /** A group name after `(?<` or `\k<`: a Latin letter, then letters and digits, then `>`. */
  private groupName(): string {
    if (!LATIN_LETTER.test(this.source[this.pos] ?? '')) {
      throw new JavaRegexSyntax('capturing group name does not start with a Latin letter', this.pos);
    }
    const start = this.pos;
    while (/^[A-Za-z0-9]$/.test(this.source[this.pos] ?? '')) {
      this.pos++;
    }
    if (this.source[this.pos] !== '>') {
      throw new JavaRegexSyntax("named capturing group is missing trailing '>'", this.pos);
    }
    this.pos++;
    return this.source.slice(start, this.pos - 1);
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

  /** A backslash escape; `\Q...\E` quotes the text up to `\E` (or the end). */
  private escape(inClass: boolean, lookbehind: boolean): Escaped {
    const start = this.pos;
    this.pos++;
    const char = this.source[this.pos];
    if (char === undefined) {
      throw new JavaRegexSyntax('Unexpected internal error', this.source.length);
    }
    this.pos++;
    if (char === 'Q') {
      const end = this.source.indexOf('\\E', this.pos);
      const quoted = this.source.slice(this.pos, end === -1 ? undefined : end);
      this.pos = end === -1 ? this.source.length : end + 2;
      return quoted.length === 1 ? { kind: 'char', codePoint: quoted.codePointAt(0) } : { kind: 'char' };
    }
    if (char >= '1' && char <= '9') {
      if (inClass) {
        throw new JavaRegexSyntax('Illegal/unsupported escape sequence', this.pos - 1);
      }
      if (lookbehind) {
        throw new JavaRegexSyntax('Look-behind group does not have an obvious maximum length', start);
      }
      while (this.isDigit(this.source[this.pos])) {
        this.pos++;
      }
      return { kind: 'class' };
    }
    if (!/^[A-Za-z0-9]$/.test(char)) {
      // Any other character escaped is itself.
      return { kind: 'char', codePoint: this.source.codePointAt(this.pos - 1) };
    }
    if (!ESCAPES_ANYWHERE.has(char) && !(ESCAPES_OUTSIDE_CLASS.has(char) && !inClass)) {
      throw new JavaRegexSyntax('Illegal/unsupported escape sequence', this.pos - 1);
    }
    if (char in SIMPLE_ESCAPE_VALUES) {
      return { kind: 'char', codePoint: SIMPLE_ESCAPE_VALUES[char] };
    }
    switch (char) {
      case '0': {
        const digits = /^[0-3][0-7]{2}|^[0-7]{1,2}/.exec(this.source.slice(this.pos));
        if (!digits) {
          throw new JavaRegexSyntax('Illegal octal escape sequence', this.pos);
        }
        this.pos += digits[0].length;
        return { kind: 'char', codePoint: parseInt(digits[0], 8) };
      }
      case 'x': {
        if (this.source[this.pos] === '{') {
          const close = this.source.indexOf('}', this.pos);
          const hex = close === -1 ? '' : this.source.slice(this.pos + 1, close);
          if (!/^[0-9A-Fa-f]+$/.test(hex) || parseInt(hex, 16) > 0x10ffff) {
            throw new JavaRegexSyntax('Illegal hexadecimal escape sequence', this.pos);
          }
          this.pos = close + 1;
          return { kind: 'char', codePoint: parseInt(hex, 16) };
        }
        return { kind: 'char', codePoint: this.hexDigits(2, 'Illegal hexadecimal escape sequence') };
      }
      case 'u':
        return { kind: 'char', codePoint: this.hexDigits(4, 'Illegal Unicode escape sequence') };
      case 'c': {
        if (this.pos >= this.source.length) {
          throw new JavaRegexSyntax('Illegal control escape sequence', this.pos);
        }
        // Java's \cX is X with bit 6 flipped (XOR 64).
        const code = this.source.charCodeAt(this.pos);
        const codePoint = code >= 64 && code % 128 >= 64 ? code - 64 : code + 64;
        this.pos++;
        return { kind: 'char', codePoint };
      }
      case 'N': {
        const close = this.source[this.pos] === '{' ? this.source.indexOf('}', this.pos) : -1;
        if (close === -1 || close === this.pos + 1) {
          throw new JavaRegexSyntax('Unclosed character name escape sequence', this.pos);
        }
        this.pos = close + 1;
        return { kind: 'char' };
      }
      case 'p':
      case 'P': {
        if (this.source[this.pos] === '{') {
          const close = this.source.indexOf('}', this.pos);
          if (close === -1) {
            throw new JavaRegexSyntax('Unclosed character family', this.source.length);
          }
          if (!/^[A-Za-z_][A-Za-z0-9_ =-]*$/.test(this.source.slice(this.pos + 1, close))) {
            throw new JavaRegexSyntax(close === this.pos + 1 ? 'Empty character family' : 'Unknown character property name', this.pos);
          }
          this.pos = close + 1;
        } else {
          const name = this.source[this.pos];
          if (name === undefined || !ONE_LETTER_CATEGORIES.has(name)) {
            throw new JavaRegexSyntax(`Unknown character property name {${name ?? ''}}`, this.pos);
          }
          this.pos++;
        }
        return { kind: 'class' };
      }
      case 'k': {
        if (this.source[this.pos] !== '<') {
          throw new JavaRegexSyntax("\\k is not followed by '<' for named capturing group", this.pos);
        }
        this.pos++;
        const name = this.groupName();
        if (!this.groupNames.has(name)) {
          throw new JavaRegexSyntax(`named capturing group <${name}> does not exist`, this.pos - 1);
        }
        if (lookbehind) {
          throw new JavaRegexSyntax('Look-behind group does not have an obvious maximum length', start);
        }
        return { kind: 'class' };
      }
      case 'b':
        // Java 9's grapheme cluster boundary \b{g}.
        if (this.source.startsWith('{g}', this.pos)) {
          this.pos += 3;
        }
        return { kind: 'class' };
      default:
        // \d \D \s \S \w \W \h \H \v \V \A \B \G \Z \z \R \X: classes, boundaries and anchors.
        return { kind: 'class' };
    }
  }

  private hexDigits(count: number, error: string): number {
    const digits = this.source.slice(this.pos, this.pos + count);
    if (digits.length !== count || ![...digits].every(digit => HEX.test(digit))) {
      throw new JavaRegexSyntax(error, this.pos);
    }
    this.pos += count;
    return parseInt(digits, 16);
  }

  private number(): number {
    const start = this.pos;
    while (this.isDigit(this.source[this.pos])) {
      this.pos++;
    }
    return Number(this.source.slice(start, this.pos));
  }

  private isDigit(char: string | undefined): boolean {
    return char !== undefined && char >= '0' && char <= '9';
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
