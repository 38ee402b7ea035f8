package org.pcg.syntax;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.misc.Interval;

/** Reports characters that start no token; the lexer skips them and goes on. */
final class LexerErrors extends BaseErrorListener {

  private final String file;
  private final Diagnostics diagnostics;

  LexerErrors(String file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offendingSymbol,
      int line,
      int charPositionInLine,
      String msg,
      RecognitionException e) {
    String character = "";
    if (e instanceof LexerNoViableAltException lex) {
      int at = lex.getStartIndex();
      character = lex.getInputStream().getText(Interval.of(at, at));
    }
    SourceSpan span = new SourceSpan(file, line, charPositionInLine + 1, 1);
    diagnostics.error(span, message(character));
  }

  private static String message(String character) {
    if (character.isEmpty()) {
      return "unexpected character here";
    }
    int cp = character.codePointAt(0);
    if (cp == '.') {
      return "unexpected '.': a decimal point needs digits on both sides, as in 0.5";
    }
    if (Character.isISOControl(cp) || Character.isWhitespace(cp) || !Character.isDefined(cp)) {
      return String.format("unexpected character U+%04X", cp);
    }
    return "unexpected character '" + character + "'";
  }
}
