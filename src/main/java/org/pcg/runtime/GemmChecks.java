package org.pcg.runtime;

/** Argument checks shared by the {@link Gemm} implementations, so all reject misuse alike. */
final class GemmChecks {

  private GemmChecks() {}

  /**
   * Throws {@link IllegalArgumentException} unless the dimensions are non-negative and every
   * matrix, as stored, fits its array from its offset with its leading dimension.
   */
  static void check(
      boolean transA, boolean transB, int m, int n, int k,
      int aLength, int aOff, int lda,
      int bLength, int bOff, int ldb,
      int cLength, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "gemm: negative dimension m=" + m + " n=" + n + " k=" + k);
    }
    checkMatrix("A", transA ? k : m, transA ? m : k, aLength, aOff, lda);
    checkMatrix("B", transB ? n : k, transB ? k : n, bLength, bOff, ldb);
    checkMatrix("C", m, n, cLength, cOff, ldc);
  }

  private static void checkMatrix(
      String name, int rows, int cols, int length, int off, int ld) {
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(
          "gemm: leading dimension of " + name + " is " + ld + ", below its " + cols
              + " columns");
    }
    if (off < 0) {
      throw new IllegalArgumentException("gemm: negative offset of " + name + ": " + off);
    }
    long end = rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
    if (end > length) {
      throw new IllegalArgumentException(
          "gemm: " + name + " (" + rows + " x " + cols + ", offset " + off + ", ld " + ld
              + ") needs " + end + " elements, the array has " + length);
    }
  }
}
