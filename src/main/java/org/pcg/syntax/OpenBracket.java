package org.pcg.syntax;

import java.util.Optional;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * A bracket that is open where a syntax error happened: what it belongs to ("the call of
 * 'tanh'"), the token that opened it and the token that would close it. Lets a message say
 * "expected ')' to close the call of 'tanh' opened at 3:12".
 */
record OpenBracket(String what, Token opener, int closer) {

  /** {@code ')' to close the call of 'tanh' opened at 3:12}. */
  String closeClause() {
    return TokenWords.expectedWord(closer) + " to close " + what + " opened at " + where();
  }

  String where() {
    return opener.getLine() + ":" + (opener.getCharPositionInLine() + 1);
  }

  /** The innermost bracket still open in {@code ctx} or one of its ancestors. */
  static Optional<OpenBracket> innermost(RuleContext ctx) {
    for (RuleContext c = ctx; c != null; c = c.getParent()) {
      Optional<OpenBracket> open = of(c);
      if (open.isPresent()) {
        return open;
      }
    }
    return Optional.empty();
  }

  private static Optional<OpenBracket> of(RuleContext c) {
    if (c instanceof PcgParser.CallContext call) {
      return paren("the call of '" + text(call.NAME()) + "'", call.LPAREN(), call.RPAREN());
    }
    if (c instanceof PcgParser.ParenContext p) {
      return paren("the '('", p.LPAREN(), p.RPAREN());
    }
    if (c instanceof PcgParser.ListContext list) {
      return bracket("the list", list.LBRACK(), list.RBRACK());
    }
    if (c instanceof PcgParser.IndexContext index) {
      return bracket("the index", index.LBRACK(), index.RBRACK());
    }
    if (c instanceof PcgParser.ShapeContext shape) {
      return bracket("the shape", shape.LBRACK(), shape.RBRACK());
    }
    return ofStatement(c);
  }

  private static Optional<OpenBracket> ofStatement(RuleContext c) {
    if (c instanceof PcgParser.AssignContext a && a.LBRACK() != null) {
      return bracket("the index of '" + text(a.NAME()) + "'", a.LBRACK(), a.RBRACK());
    }
    if (c instanceof PcgParser.LossStmtContext loss) {
      return paren("the loss '" + text(loss.NAME()) + "'", loss.LPAREN(), loss.RPAREN());
    }
    if (c instanceof PcgParser.InitSpecContext init) {
      return paren("the initialiser '" + text(init.NAME()) + "'", init.LPAREN(), init.RPAREN());
    }
    if (c instanceof PcgParser.TrainBlockContext train) {
      return brace("the train block", train.LBRACE(), train.RBRACE());
    }
    if (c instanceof PcgParser.ForLoopContext loop) {
      return brace("the loop over '" + text(loop.NAME()) + "'", loop.LBRACE(), loop.RBRACE());
    }
    return ofDefinition(c);
  }

  private static Optional<OpenBracket> ofDefinition(RuleContext c) {
    if (c instanceof PcgParser.ModelDefContext m) {
      return brace("model '" + text(m.NAME()) + "'", m.LBRACE(), m.RBRACE());
    }
    if (c instanceof PcgParser.LayerDefContext layer) {
      String what = "layer '" + text(layer.NAME()) + "'";
      if (layer.LBRACE() == null) {
        return paren("the parameters of " + what, layer.LPAREN(), layer.RPAREN());
      }
      return brace(what, layer.LBRACE(), layer.RBRACE());
    }
    return Optional.empty();
  }

  private static Optional<OpenBracket> paren(String what, TerminalNode open, TerminalNode close) {
    return open(what, open, close, PcgLexer.RPAREN);
  }

  private static Optional<OpenBracket> bracket(
      String what, TerminalNode open, TerminalNode close) {
    return open(what, open, close, PcgLexer.RBRACK);
  }

  private static Optional<OpenBracket> brace(String what, TerminalNode open, TerminalNode close) {
    return open(what, open, close, PcgLexer.RBRACE);
  }

  private static Optional<OpenBracket> open(
      String what, TerminalNode open, TerminalNode close, int closer) {
    boolean isOpen = open != null && open.getSymbol().getTokenIndex() >= 0 && close == null;
    return isOpen ? Optional.of(new OpenBracket(what, open.getSymbol(), closer)) : Optional.empty();
  }

  private static String text(TerminalNode node) {
    return node == null ? "?" : node.getText();
  }
}
