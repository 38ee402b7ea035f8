package org.pcg.syntax.ast;

import java.util.List;
import java.util.Optional;
import org.pcg.syntax.SourceSpan;

/**
 * An expression. Each node's span marks the token a diagnostic about it should point at: the
 * operator of a binary expression, the function name of a call, the '[' of an index.
 */
public sealed interface Expr {

  SourceSpan span();

  /** A numeric literal; {@code text} is kept so messages quote what the author wrote. */
  record Num(double value, String text, SourceSpan span) implements Expr {

    /** Whether the literal was written as a whole number (no '.', no exponent). */
    public boolean isInteger() {
      return text.chars().allMatch(Character::isDigit);
    }
  }

  /** A reference to a declared or defined name. */
  record Name(String name, SourceSpan span) implements Expr {}

  /** Unary minus. */
  record Negate(Expr operand, SourceSpan span) implements Expr {}

  /** A binary arithmetic operator; {@code span} is the operator token. */
  record Binary(BinaryOp op, Expr left, Expr right, SourceSpan span) implements Expr {}

  /** A function, op or layer call: {@code name(args)}. */
  record Call(Ident function, List<Arg> args, SourceSpan span) implements Expr {

    public Call {
      args = List.copyOf(args);
    }
  }

  /** A list literal, {@code [1, 28, 28]}, used for shapes and list attributes. */
  record ListLit(List<Expr> items, SourceSpan span) implements Expr {

    public ListLit {
      items = List.copyOf(items);
    }
  }

  /** Indexing or slicing, {@code x[t]}, {@code x[:, 2:5]}; also a family element {@code h[t]}. */
  record Index(Expr target, List<IndexItem> items, SourceSpan span) implements Expr {

    public Index {
      items = List.copyOf(items);
    }
  }

  /** The binary operators, with the symbol an author writes. */
  enum BinaryOp {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    MATMUL("@");

    private final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** One position inside an index: a single index or a slice. */
  sealed interface IndexItem {

    SourceSpan span();
  }

  /** A single index, {@code t} in {@code x[t]}. */
  record At(Expr index) implements IndexItem {

    @Override
    public SourceSpan span() {
      return index.span();
    }
  }

  /** A slice {@code from:to}; either bound may be left out. */
  record Slice(Optional<Expr> from, Optional<Expr> to, SourceSpan span) implements IndexItem {}
}
