package org.pcg.syntax;

import java.util.Optional;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Keeps ANTLR's error recovery but words every syntax error for a model author and records it
 * as a {@link Diagnostic}. ANTLR's token names never reach a message.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

  private final String file;
  private final Diagnostics diagnostics;

  SyntaxErrorStrategy(String file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  @Override
  protected void reportNoViableAlternative(
      org.antlr.v4.runtime.Parser p, NoViableAltException e) {
    mismatch(p, e.getOffendingToken(), e.getExpectedTokens(), e.getCtx());
  }

  @Override
  protected void reportInputMismatch(org.antlr.v4.runtime.Parser p, InputMismatchException e) {
    mismatch(p, e.getOffendingToken(), e.getExpectedTokens(), e.getCtx());
  }

  @Override
  protected void reportFailedPredicate(
      org.antlr.v4.runtime.Parser p, FailedPredicateException e) {
    mismatch(p, e.getOffendingToken(), e.getExpectedTokens(), e.getCtx());
  }

  /**
   * Resynchronises after an error. A keyword met mid-line where a name or expression was
   * due ({@code W @ input}) would otherwise start a new statement and cause a second error;
   * it is skipped first. On a new line a keyword likely does start the next statement.
   */
  @Override
  public void recover(org.antlr.v4.runtime.Parser p, RecognitionException e) {
    Token t = p.getCurrentToken();
    Token previous = previous(p.getInputStream(), t);
    boolean midLine = previous != null && previous.getLine() == t.getLine();
    if (TokenWords.isKeyword(t.getType()) && midLine && t == e.getOffendingToken()) {
      p.consume();
    }
    super.recover(p, e);
  }

  /** A token that should not be there at all; the parser deletes it and goes on. */
  @Override
  protected void reportUnwantedToken(org.antlr.v4.runtime.Parser p) {
    if (inErrorRecoveryMode(p)) {
      return;
    }
    beginErrorCondition(p);
    Token t = p.getCurrentToken();
    String message = message(t, p.getExpectedTokens(), p.getContext(), true);
    report(p, p.getContext(), t, message, true);
  }

  /** A token that is missing; the parser pretends it was there and goes on. */
  @Override
  protected void reportMissingToken(org.antlr.v4.runtime.Parser p) {
    if (inErrorRecoveryMode(p)) {
      return;
    }
    beginErrorCondition(p);
    Token t = p.getCurrentToken();
    IntervalSet expected = p.getExpectedTokens();
    Optional<OpenBracket> open = closedBy(OpenBracket.innermost(p.getContext()), expected);
    String message =
        open.map(o -> "expected " + o.closeClause())
            .orElse("missing " + TokenWords.phrase(expected) + " before " + TokenWords.describe(t));
    report(p, p.getContext(), t, message, false);
  }

  private void mismatch(
      org.antlr.v4.runtime.Parser p, Token t, IntervalSet expected, RuleContext ctx) {
    String message = message(t, expected, ctx, false);
    report(p, ctx, t, message, message.startsWith("unexpected"));
  }

  private static String message(Token t, IntervalSet expected, RuleContext ctx, boolean extra) {
    Optional<OpenBracket> open = OpenBracket.innermost(ctx);
    if (t.getType() == Token.EOF) {
      return endOfFile(expected, open);
    }
    if (TokenWords.isKeyword(t.getType()) && expected.contains(PcgLexer.NAME)) {
      return "'" + t.getText() + "' is a keyword and cannot be used as a name";
    }
    if (TokenWords.expectsExpression(expected)
        && !TokenWords.EXPRESSION_STARTS.contains(t.getType())) {
      return "unexpected " + TokenWords.describe(t) + " here: an expression is missing before it";
    }
    if (t.getType() == PcgLexer.COLON && ctx instanceof PcgParser.StatementContext) {
      return "a declaration starts with 'input', 'target' or 'param', as in 'param W : [10, 784]'";
    }
    Optional<OpenBracket> closing = closedBy(open, expected);
    if (!extra && closing.isPresent()) {
      return "expected " + closing.get().closeClause();
    }
    return "unexpected " + TokenWords.describe(t) + " here: expected "
        + TokenWords.phrase(expected);
  }

  private static String endOfFile(IntervalSet expected, Optional<OpenBracket> open) {
    if (open.isPresent()) {
      OpenBracket o = open.get();
      return "the file ends before the "
          + TokenWords.expectedWord(o.closer())
          + " that closes "
          + o.what()
          + " opened at "
          + o.where();
    }
    if (TokenWords.expectsExpression(expected)) {
      return "the file ends where an expression should be";
    }
    return "the file ends too early: expected " + TokenWords.phrase(expected);
  }

  private static Optional<OpenBracket> closedBy(Optional<OpenBracket> open, IntervalSet expected) {
    return open.filter(o -> expected.contains(o.closer()));
  }

  /**
   * Records a message. One that names the offending token points at it; one that says what
   * is missing points just after the previous token when the offending one is on a later
   * line, because that is where the author has to type. After an error, recovery often
   * trips again on the rest of the line or statement; those follow-on errors are dropped.
   */
  private void report(org.antlr.v4.runtime.Parser p, RuleContext ctx, Token t, String message,
      boolean atToken) {
    Token previous = previous(p.getInputStream(), t);
    boolean later = previous != null && t.getLine() > previous.getLine();
    boolean useToken = t.getType() != Token.EOF && (atToken || !later);
    SourceSpan span = useToken ? Spans.of(file, t) : Spans.after(file, previous);
    if (!hasErrorOnLine(span.line()) && !hasErrorOnLine(statementLine(ctx))) {
      diagnostics.error(span, message);
    }
  }

  private boolean hasErrorOnLine(int line) {
    return diagnostics.all().stream()
        .anyMatch(d -> d.isError() && d.span().file().equals(file) && d.span().line() == line);
  }

  /** The line where the statement around {@code ctx} starts, or 0 outside statements. */
  private static int statementLine(RuleContext ctx) {
    for (RuleContext c = ctx; c != null; c = c.getParent()) {
      if (c instanceof PcgParser.StatementContext s && s.getStart() != null) {
        return s.getStart().getLine();
      }
    }
    return 0;
  }

  private static Token previous(TokenStream tokens, Token t) {
    for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
      Token candidate = tokens.get(i);
      if (candidate.getChannel() == Token.DEFAULT_CHANNEL) {
        return candidate;
      }
    }
    return null;
  }
}
