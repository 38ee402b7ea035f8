package org.pcg.ir;

import java.util.List;

/**
 * Matrix product {@code a @ b} of per-sample tensors of rank 1 or 2, as NumPy's matmul:
 * [m, k] @ [k, n] is [m, n]; a vector on the left is a row, on the right a column, and its
 * dimension is dropped from the result ([m, k] @ [k] is [m]; [k] @ [k] is a scalar).
 */
public final class MatMul extends BaseOp {

  MatMul() {
    super("matmul", "Matrix product, written a @ b; vectors act as rows or columns.", 2, 2);
  }

  @Override
  public Shape shape(List<Shape> args, Attrs attrs) throws ShapeException {
    Shape a = args.get(0);
    Shape b = args.get(1);
    if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2) {
      throw new ShapeException("@ needs vectors or matrices, got " + a + " @ " + b);
    }
    int ka = a.dim(-1);
    int kb = b.rank() == 1 ? b.dim(0) : b.dim(0);
    if (ka != kb) {
      throw new ShapeException(
          "shape " + a + " @ " + b + " does not line up: " + ka + " vs " + kb);
    }
    if (a.rank() == 2 && b.rank() == 2) {
      return Shape.of(a.dim(0), b.dim(1));
    }
    if (a.rank() == 2) {
      return Shape.of(a.dim(0));
    }
    return b.rank() == 2 ? Shape.of(b.dim(1)) : Shape.SCALAR;
  }
}
