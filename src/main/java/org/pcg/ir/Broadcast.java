package org.pcg.ir;

/**
 * NumPy broadcasting on per-sample shapes: align from the right; each pair of dimensions
 * must be equal or one of them 1. The batch dimension is outside this rule: a batched
 * operand meets an unbatched one sample by sample.
 */
public final class Broadcast {

  private Broadcast() {}

  /** The broadcast shape of {@code a} and {@code b}. */
  public static Shape shape(String opSymbol, Shape a, Shape b) throws ShapeException {
    int rank = Math.max(a.rank(), b.rank());
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = dimFromRight(a, rank - 1 - i);
      int db = dimFromRight(b, rank - 1 - i);
      if (da != db && da != 1 && db != 1) {
        throw new ShapeException("shapes " + a + " " + opSymbol + " " + b
            + " do not broadcast: " + da + " vs " + db + " in dimension " + i + " of " + rank);
      }
      out[i] = Math.max(da, db);
    }
    return Shape.of(out);
  }

  /** Dimension {@code fromRight} places from the end, 1 beyond the shape's rank. */
  private static int dimFromRight(Shape s, int fromRight) {
    int axis = s.rank() - 1 - fromRight;
    return axis < 0 ? 1 : s.dim(axis);
  }
}
