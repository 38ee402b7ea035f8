package org.pcg.ir;

import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.ast.Expr;

/**
 * Evaluates the expressions that must be known while compiling: dimensions, loop bounds,
 * family indices, layer int arguments and op attributes. They may use numbers, loop
 * variables, int layer parameters and + - * /.
 */
final class LoweringConstants {

  private final LoweringReport report;
  private final LoweringNames names;

  LoweringConstants(LoweringReport report, LoweringNames names) {
    this.report = report;
    this.names = names;
  }

  /** The failure of an evaluation, reported once where the evaluation began. */
  private static final class NotConstant extends Exception {
    private static final long serialVersionUID = 1L;
    final transient SourceSpan at;

    NotConstant(SourceSpan at, String message) {
      super(message, null, false, false);
      this.at = at;
    }
  }

  /**
   * The whole number {@code e} stands for, or null after reporting why it has none.
   *
   * @param what what the number is for, as in "a dimension" or "the stride of conv2d"
   */
  Integer integer(Expr e, Scope scope, String what) {
    try {
      long v = whole(e, scope, what);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw new NotConstant(e.span(), what + " is too large: " + v);
      }
      return (int) v;
    } catch (NotConstant failure) {
      report.error(failure.at, failure.getMessage());
      return null;
    }
  }

  /** The real number {@code e} stands for, or null after reporting why it has none. */
  Double number(Expr e, Scope scope, String what) {
    try {
      double v = real(e, scope, what);
      if (!Double.isFinite(v)) {
        throw new NotConstant(e.span(), what + " is not a finite number");
      }
      return v;
    } catch (NotConstant failure) {
      report.error(failure.at, failure.getMessage());
      return null;
    }
  }

  private long whole(Expr e, Scope scope, String what) throws NotConstant {
    if (e instanceof Expr.Num n) {
      return literal(n, what);
    }
    if (e instanceof Expr.Name n) {
      return nameValue(n, scope, what, "a whole number");
    }
    if (e instanceof Expr.Negate n) {
      long v = whole(n.operand(), scope, what);
      if (v == Long.MIN_VALUE) {
        throw new NotConstant(n.span(), what + " is too large");
      }
      return -v;
    }
    if (e instanceof Expr.Binary b && b.op() != Expr.BinaryOp.MATMUL) {
      return arithmetic(b, whole(b.left(), scope, what), whole(b.right(), scope, what), what);
    }
    throw new NotConstant(e.span(), what + " must be a whole number known when compiling");
  }

  private static long literal(Expr.Num n, String what) throws NotConstant {
    if (!n.isInteger()) {
      throw new NotConstant(n.span(), what + " must be a whole number, not " + n.text());
    }
    if (n.text().length() > 10) {
      throw new NotConstant(n.span(), what + " is too large: " + n.text());
    }
    return Long.parseLong(n.text());
  }

  private long nameValue(Expr.Name n, Scope scope, String what, String kind)
      throws NotConstant {
    ScopeBinding b = scope.lookup(n.name());
    if (b instanceof ScopeBinding.IntValue v) {
      return v.value();
    }
    if (b == null) {
      throw new NotConstant(n.span(), names.undefined(n.name(), scope));
    }
    throw new NotConstant(n.span(), "'" + n.name() + "' is a tensor, but " + what
        + " must be " + kind + " known when compiling");
  }

  private static long arithmetic(Expr.Binary b, long x, long y, String what)
      throws NotConstant {
    try {
      switch (b.op()) {
        case ADD:
          return Math.addExact(x, y);
        case SUB:
          return Math.subtractExact(x, y);
        case MUL:
          return Math.multiplyExact(x, y);
        default:
          return divide(b, x, y, what);
      }
    } catch (ArithmeticException overflow) {
      throw new NotConstant(b.span(), what + " is too large");
    }
  }

  private static long divide(Expr.Binary b, long x, long y, String what) throws NotConstant {
    if (y == 0) {
      throw new NotConstant(b.span(), what + " divides by zero");
    }
    if (x % y != 0) {
      throw new NotConstant(b.span(), what + " must be a whole number, but " + x + " / " + y
          + " is not");
    }
    return x / y;
  }

  private double real(Expr e, Scope scope, String what) throws NotConstant {
    if (e instanceof Expr.Num n) {
      return n.value();
    }
    if (e instanceof Expr.Name n) {
      return nameValue(n, scope, what, "a number");
    }
    if (e instanceof Expr.Negate n) {
      return -real(n.operand(), scope, what);
    }
    if (e instanceof Expr.Binary b && b.op() != Expr.BinaryOp.MATMUL) {
      double x = real(b.left(), scope, what);
      double y = real(b.right(), scope, what);
      switch (b.op()) {
        case ADD:
          return x + y;
        case SUB:
          return x - y;
        case MUL:
          return x * y;
        default:
          return x / y;
      }
    }
    throw new NotConstant(e.span(), what + " must be a number known when compiling");
  }
}
