package org.pcg.runtime;

import java.util.Locale;
import java.util.Objects;

/**
 * The numeric kernels generated code calls. Matrix products go to the current {@link Gemm}:
 * netlib's BLAS (native OpenBLAS when installed) when it loads, else {@link JavaGemm}. The
 * system property {@code pcg.gemm} ({@code java} or {@code netlib}) forces a choice.
 */
public final class Kernels {

  private static volatile Gemm current = defaultGemm();

  private Kernels() {}

  /** The implementation matrix products go to now. */
  public static Gemm current() {
    return current;
  }

  /** Sends all later matrix products to {@code gemm}. */
  public static void use(Gemm gemm) {
    current = Objects.requireNonNull(gemm, "gemm");
  }

  /** {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays; see {@link Gemm}. */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    current.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
        beta, c, cOff, ldc);
  }

  /** {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays; see {@link Gemm}. */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    current.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
        beta, c, cOff, ldc);
  }

  private static Gemm defaultGemm() {
    String choice = System.getProperty("pcg.gemm", "auto").toLowerCase(Locale.ROOT);
    if (choice.equals("java")) {
      return new JavaGemm();
    }
    // "netlib", "auto" and anything unrecognised try netlib first; JavaGemm is always there.
    return NetlibGemm.load().<Gemm>map(g -> g).orElseGet(JavaGemm::new);
  }
}
