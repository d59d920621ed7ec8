/*
 * The lexical half of the Java regular expression check (see java-regex.ts):
 * escapes with their arguments, group names and numbers, read from a shared
 * position in the pattern. The parser of groups, quantifiers and character
 * classes extends it.
 */

/** Why a pattern does not compile, in Java's words, with the index Java reports. */
export class JavaRegexSyntax {
  constructor(readonly description: string, readonly index: number) {}
}

/** Escapes of a letter that Java accepts anywhere; and those it accepts outside character classes only. */
const ESCAPES_ANYWHERE = new Set('tnrfaecdDsSwWhHvVpPxuN0');
const ESCAPES_OUTSIDE_CLASS = new Set('AbBGZzRXk');
/** One-letter Unicode categories, as in `\pL`. */
const ONE_LETTER_CATEGORIES = new Set('LMNPSZC');
const HEX = /^[0-9A-Fa-f]$/;
export const LATIN_LETTER = /^[A-Za-z]$/;
const SIMPLE_ESCAPE_VALUES: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 27 };

/** What an escape stands for: one character (its code point, when known), or a class of characters. */
export type Escaped = { readonly kind: 'char'; readonly codePoint?: number } | { readonly kind: 'class' };

/** A position in a pattern, and the escapes and names read from it. */
export class JavaRegexScanner {
  protected pos = 0;
  protected readonly groupNames = new Set<string>();

  constructor(protected readonly source: string) {}

  /** A group name after `(?<` or `\k<`: a Latin letter, then letters and digits, then `>`. */
  protected groupName(): string {
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

  /** A backslash escape; `\Q...\E` quotes the text up to `\E` (or the end). */
  protected escape(inClass: boolean, lookbehind: boolean): Escaped {
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

  protected number(): number {
    const start = this.pos;
    while (this.isDigit(this.source[this.pos])) {
      this.pos++;
    }
    return Number(this.source.slice(start, this.pos));
  }

  protected isDigit(char: string | undefined): boolean {
    return char !== undefined && char >= '0' && char <= '9';
  }
}
