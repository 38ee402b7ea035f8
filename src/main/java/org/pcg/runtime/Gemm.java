package org.pcg.runtime;

/**
 * General matrix product on row-major arrays: {@code C = alpha * op(A) * op(B) + beta * C},
 * where {@code op(X)} is X or its transpose, op(A) is m x k, op(B) is k x n and C is m x n.
 * Leading dimensions are row strides of the arrays as stored (before transposition).
 *
 * <p>Every matrix product in generated code goes through this interface, so the
 * implementation can be replaced (a native BLAS, a vector kernel) without touching the
 * generator. See {@link Kernels}.
 */
public interface Gemm {

  String name();

  void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc);

  void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc);
}
