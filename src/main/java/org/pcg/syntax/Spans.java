package org.pcg.syntax;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Turns ANTLR tokens into {@link SourceSpan}s; columns count characters from 1. */
final class Spans {

  private Spans() {}

  static SourceSpan of(String file, Token t) {
    String text = t.getText() == null ? "" : t.getText();
    String firstLine = text.lines().findFirst().orElse("");
    int length = firstLine.codePointCount(0, firstLine.length());
    return new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1, length);
  }

  static SourceSpan of(String file, TerminalNode node) {
    return of(file, node.getSymbol());
  }

  static SourceSpan of(String file, ParserRuleContext ctx) {
    return of(file, ctx.getStart());
  }

  /** The position just after a token, where something missing should have been written. */
  static SourceSpan after(String file, Token t) {
    if (t == null) {
      return new SourceSpan(file, 1, 1, 1);
    }
    String text = t.getText();
    int column = t.getCharPositionInLine() + 1 + text.codePointCount(0, text.length());
    return new SourceSpan(file, t.getLine(), column, 1);
  }
}
