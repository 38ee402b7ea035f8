package org.pcg.syntax;

import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * Checks on the token stream before parsing: characters that start no token, comments that
 * never close, numbers that are malformed or do not fit in a double, names too long to carry
 * into Java, and nesting so deep that parsing it would exhaust the Java stack. Untrusted
 * model files must not be able to crash the compiler.
 */
final class TokenChecks {

  /** Deepest bracket nesting (and longest run of unary minus) the parser accepts. */
  static final int MAX_NESTING = 64;

  /**
   * Longest name accepted: far beyond any name a person writes, and short enough that the
   * identifiers, class and file names made from it stay within what Java and file systems
   * take (a Java string constant holds at most 65535 bytes, a file name 255).
   */
  static final int MAX_NAME = 128;

  private final String file;
  private final Diagnostics diagnostics;

  TokenChecks(String file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  /** Reports token-level errors; returns false when the tokens must not be parsed at all. */
  boolean check(List<Token> tokens) {
    for (Token t : tokens) {
      checkToken(t);
    }
    return nestingIsShallow(tokens);
  }

  private void checkToken(Token t) {
    switch (t.getType()) {
      case PcgLexer.UNCLOSED_COMMENT:
        diagnostics.error(span(t, 2), "this comment is never closed: '*/' is missing");
        break;
      case PcgLexer.BAD_NUMBER:
        diagnostics.error(
            Spans.of(file, t),
            "malformed number '" + t.getText() + "': an exponent needs digits, as in 1e-3");
        ((CommonToken) t).setType(PcgLexer.NUMBER);
        break;
      case PcgLexer.NUMBER:
        checkNumber(t);
        break;
      case PcgLexer.NAME:
        if (t.getText().length() > MAX_NAME) {
          diagnostics.error(Spans.of(file, t), "a name of " + t.getText().length()
              + " characters is too long: at most " + MAX_NAME);
        }
        break;
      case PcgLexer.UNKNOWN_CHAR:
        diagnostics.error(Spans.of(file, t), unknownCharacter(t.getText()));
        break;
      default:
        break;
    }
  }

  private static String unknownCharacter(String character) {
    int cp = character.codePointAt(0);
    if (cp == '.') {
      return "unexpected '.': a decimal point needs digits after it, as in 0.5";
    }
    if (Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)) {
      return String.format("unexpected character U+%04X", cp);
    }
    return "unexpected character '" + character + "'";
  }

  private void checkNumber(Token t) {
    String text = t.getText();
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      diagnostics.error(Spans.of(file, t), "number " + text + " is too large for a double");
    } else if (value == 0 && hasNonZeroDigit(text)) {
      diagnostics.error(
          Spans.of(file, t), "number " + text + " is too small for a double: it would be 0");
    }
  }

  private static boolean hasNonZeroDigit(String text) {
    String mantissa = text.split("[eE]")[0];
    return mantissa.chars().anyMatch(c -> c >= '1' && c <= '9');
  }

  private boolean nestingIsShallow(List<Token> tokens) {
    int depth = 0;
    int minusRun = 0;
    for (Token t : tokens) {
      depth = Math.max(0, depth + nestingChange(t.getType()));
      minusRun = t.getType() == PcgLexer.MINUS ? minusRun + 1 : 0;
      if (depth > MAX_NESTING || minusRun > MAX_NESTING) {
        diagnostics.error(
            Spans.of(file, t),
            "nested more than " + MAX_NESTING + " deep: split this into several statements");
        return false;
      }
    }
    return true;
  }

  private static int nestingChange(int type) {
    switch (type) {
      case PcgLexer.LPAREN:
      case PcgLexer.LBRACK:
      case PcgLexer.LBRACE:
        return 1;
      case PcgLexer.RPAREN:
      case PcgLexer.RBRACK:
      case PcgLexer.RBRACE:
        return -1;
      default:
        return 0;
    }
  }

  private SourceSpan span(Token t, int length) {
    return new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1, length);
  }
}
