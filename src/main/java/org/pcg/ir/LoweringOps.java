package org.pcg.ir;

import org.pcg.syntax.ast.Expr;

/**
 * The catalogue ops that model files write as operators rather than calls: {@code a + b},
 * {@code -a}, {@code a @ b}, {@code x[i]}, {@code x[0:14]}. Arithmetic ops are found by the
 * symbol the catalogue gives them; the rest by the name the catalogue documents for them.
 */
final class LoweringOps {

  private LoweringOps() {}

  /** The op an infix operator stands for. */
  static Op binary(Expr.BinaryOp operator) {
    if (operator == Expr.BinaryOp.MATMUL) {
      return OpCatalog.get("matmul");
    }
    for (Op op : OpCatalog.all()) {
      if (op instanceof Elementwise.Binary b && b.symbol().equals(operator.symbol())) {
        return op;
      }
    }
    throw new IllegalStateException("the catalogue has no op for " + operator.symbol());
  }

  /** Unary minus. */
  static Op negate() {
    return OpCatalog.get("neg");
  }

  /** {@code x[i]}: one element of the first axis. */
  static Op index() {
    return OpCatalog.get("index");
  }

  /** {@code x[a:b, c:d]}: ranges of the leading axes. */
  static Op slice() {
    return OpCatalog.get("slice");
  }

  /** Drops the axes that a mixed index such as {@code x[t, 0:5]} picks single elements of. */
  static Op reshape() {
    return OpCatalog.get("reshape");
  }

  /** Wraps a statement that only names another vertex, such as {@code a = b}. */
  static Op identity() {
    return OpCatalog.get("id");
  }
}
