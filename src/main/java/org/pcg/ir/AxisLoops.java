package org.pcg.ir;

import com.palantir.javapoet.CodeBlock;

/**
 * Loops that visit every position of a batch of tensors along one axis: a sample is seen as
 * [outer, length, inner], the outer loop runs over all samples' rows at once and the inner
 * loop (written only when inner > 1) over positions after the axis. The ops that reduce or
 * normalise along an axis write their bodies between {@link #open} and {@link #close}.
 */
final class AxisLoops {

  private final OpEmit e;
  private final int outer;
  private final int length;
  private final int inner;
  private final String row;
  private final String col;

  private AxisLoops(OpEmit e, int outer, int length, int inner) {
    this.e = e;
    this.outer = outer;
    this.length = length;
    this.inner = inner;
    this.row = e.local("r");
    this.col = inner > 1 ? e.local("j") : null;
  }

  /** Loops along {@code axis} of argument 0; the whole sample when {@code axis} is null. */
  static AxisLoops of(OpEmit e, Integer axis) {
    Shape x = e.shape(0);
    if (axis == null) {
      return new AxisLoops(e, 1, x.size(), 1);
    }
    int a = x.normalizeAxis(axis);
    return new AxisLoops(e, x.sizeOf(0, a), x.dim(a), x.sizeOf(a + 1, x.rank()));
  }

  /** Number of positions along the axis. */
  int length() {
    return length;
  }

  /** Opens the loops over rows and (when there are any) inner positions. */
  void open(CodeBlock.Builder b) {
    b.beginControlFlow("for (int $N = 0; $N < $L; $N++)", row, row, e.count(0, outer), row);
    if (col != null) {
      b.beginControlFlow("for (int $N = 0; $N < $L; $N++)", col, col, inner, col);
    }
  }

  void close(CodeBlock.Builder b) {
    if (col != null) {
      b.endControlFlow();
    }
    b.endControlFlow();
  }

  /** A loop {@code for (k = 0; k < length; k++)} around {@code body}. */
  void along(CodeBlock.Builder b, String k, CodeBlock body) {
    b.beginControlFlow("for (int $N = 0; $N < $L; $N++)", k, k, length, k)
        .add(body)
        .endControlFlow();
  }

  /** The flat index of position {@code k} along the axis in the current row. */
  CodeBlock at(String k) {
    return at(CodeBlock.of("$N", k));
  }

  /** The flat index of position {@code k} (an int expression) in the current row. */
  CodeBlock at(CodeBlock k) {
    if (col == null) {
      return CodeBlock.of("$N * $L + $L", row, length, k);
    }
    return CodeBlock.of("($N * $L + $L) * $L + $N", row, length, k, inner, col);
  }

  /** The flat index of the current row and inner position with the axis removed. */
  CodeBlock reduced() {
    return col == null ? CodeBlock.of("$N", row) : CodeBlock.of("$N * $L + $N", row, inner,
        col);
  }
}
