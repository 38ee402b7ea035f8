package org.pcg.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/** Describes tokens and sets of expected tokens in a model author's words. */
final class TokenWords {

  /** Tokens that can begin an expression. */
  static final Set<Integer> EXPRESSION_STARTS =
      Set.of(PcgLexer.NAME, PcgLexer.NUMBER, PcgLexer.LPAREN, PcgLexer.LBRACK, PcgLexer.MINUS);

  /** Tokens that can begin a statement of a model or layer body. */
  static final Set<Integer> STATEMENT_STARTS =
      Set.of(
          PcgLexer.INPUT, PcgLexer.TARGET, PcgLexer.PARAM, PcgLexer.NAME, PcgLexer.LOSS,
          PcgLexer.TRAIN, PcgLexer.FOR, PcgLexer.RETURN, PcgLexer.LAYER);

  /**
   * Tokens that are always possible somewhere (operators continuing an expression, the
   * optional ';'); listing them in "expected ..." only adds noise.
   */
  private static final Set<Integer> CONTINUATIONS =
      Set.of(
          PcgLexer.PLUS, PcgLexer.MINUS, PcgLexer.STAR, PcgLexer.SLASH, PcgLexer.AT,
          PcgLexer.LBRACK, PcgLexer.SEMI);

  private static final int MAX_LISTED = 4;

  private TokenWords() {}

  static boolean isKeyword(int type) {
    return type >= PcgLexer.MODEL && type <= PcgLexer.RETURN;
  }

  /** What an offending token is: {@code name 'foo'}, {@code '@'}, {@code the end of the file}. */
  static String describe(Token token) {
    int type = token.getType();
    if (type == Token.EOF) {
      return "the end of the file";
    }
    if (type == PcgLexer.NAME) {
      return "name '" + token.getText() + "'";
    }
    if (type == PcgLexer.NUMBER) {
      return "number " + token.getText();
    }
    if (isKeyword(type)) {
      return "keyword '" + token.getText() + "'";
    }
    return "'" + token.getText() + "'";
  }

  /** The name of a token type as it appears in "expected ...". */
  static String expectedWord(int type) {
    if (type == Token.EOF) {
      return "the end of the file";
    }
    if (type == PcgLexer.NAME) {
      return "a name";
    }
    if (type == PcgLexer.NUMBER) {
      return "a number";
    }
    String literal = PcgLexer.VOCABULARY.getLiteralName(type);
    return literal == null ? "something else" : literal;
  }

  /** Whether the expected set holds every token that can start an expression. */
  static boolean expectsExpression(IntervalSet expected) {
    return EXPRESSION_STARTS.stream().allMatch(expected::contains);
  }

  /** {@code a statement or '}'}, {@code ',' or ')'}: the expected set without noise. */
  static String phrase(IntervalSet expected) {
    List<String> words = new ArrayList<>();
    boolean statements = STATEMENT_STARTS.stream().allMatch(expected::contains);
    boolean expression = !statements && expectsExpression(expected);
    if (statements) {
      words.add("a statement");
    } else if (expression) {
      words.add("an expression");
    }
    for (int type : expected.toList()) {
      boolean covered =
          (statements && STATEMENT_STARTS.contains(type))
              || (expression && EXPRESSION_STARTS.contains(type))
              || CONTINUATIONS.contains(type);
      if (!covered && !words.contains(expectedWord(type))) {
        words.add(expectedWord(type));
      }
    }
    if (words.isEmpty()) {
      words.add("an operator");
    }
    return join(words);
  }

  private static String join(List<String> words) {
    List<String> shown = words.size() > MAX_LISTED ? words.subList(0, MAX_LISTED) : words;
    if (shown.size() == 1) {
      return shown.get(0);
    }
    String head = String.join(", ", shown.subList(0, shown.size() - 1));
    return head + " or " + shown.get(shown.size() - 1);
  }
}
