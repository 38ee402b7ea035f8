package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Gemm} implementations against a naive triple loop in double precision; the
 * split ones cut products of any size, so that the random cases exercise every cut.
 */
class GemmTest {

  /** Relative to the sum of |terms| of each element: summation order differs from the loop. */
  private static final double DOUBLE_TOLERANCE = 1e-13;

  private static final double FLOAT_TOLERANCE = 1e-5;

  private static final int CASES = 150;

  /** Value in the padding around C, which a product must never touch. */
  private static final double SENTINEL = -777.25;

  static Stream<Gemm> implementations() {
    Gemm netlib = NetlibGemm.load().orElseThrow();
    // The tests' JVM has the Vector API (pom.xml's argLine); its products fall back to
    // JavaGemm here, so that a case they pass on is seen to be computed by VectorGemm.
    VectorGemm vector = VectorGemm.everywhere(new JavaGemm());
    return Stream.of(new JavaGemm(), netlib, new SplitGemm(netlib, 2, 0, 1),
        new SplitGemm(new JavaGemm(), 3, 0, 1), new SplitGemm(netlib, 3, 0, 4), vector,
        new VectorGemm(new JavaGemm()), new SplitGemm(vector, 2, 0, 1));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void doubleProductsMatchTheNaiveLoop(Gemm gemm) {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < CASES; i++) {
      Case t = Case.random(random, i);
      double[] c = t.c.clone();
      gemm.gemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, t.a, t.aOff, t.lda,
          t.b, t.bOff, t.ldb, t.beta, c, t.cOff, t.ldc);
      t.assertMatches(c, DOUBLE_TOLERANCE);
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void floatProductsMatchTheNaiveLoop(Gemm gemm) {
    SplittableRandom random = new SplittableRandom(12);
    for (int i = 0; i < CASES; i++) {
      Case t = Case.random(random, i).roundedToFloat();
      float[] c = toFloats(t.c);
      gemm.gemm(t.transA, t.transB, t.m, t.n, t.k, (float) t.alpha, toFloats(t.a), t.aOff,
          t.lda, toFloats(t.b), t.bOff, t.ldb, (float) t.beta, c, t.cOff, t.ldc);
      t.assertMatches(toDoubles(c), FLOAT_TOLERANCE);
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void zeroBetaOverwritesNaN(Gemm gemm) {
    double[] c = {Double.NaN, Double.NaN};
    gemm.gemm(false, false, 1, 2, 1, 1.0, new double[] {2}, 0, 1, new double[] {3, 4}, 0, 2,
        0.0, c, 0, 2);
    assertThat(c).containsExactly(6, 8);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void tooShortArraysAreRejectedWithTheMatrixNamed(Gemm gemm) {
    assertThatThrownBy(() -> gemm.gemm(false, false, 2, 2, 2, 1.0, new double[4], 0, 2,
        new double[3], 0, 2, 0.0, new double[4], 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("B (2 x 2, offset 0, ld 2) needs 4 elements, the array has 3");
    assertThatThrownBy(() -> gemm.gemm(true, false, 2, 2, 3, 1f, new float[6], 0, 1,
        new float[6], 0, 2, 0f, new float[4], 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leading dimension of A is 1, below its 2 columns");
  }

  private static float[] toFloats(double[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) x[i];
    }
    return y;
  }

  private static double[] toDoubles(float[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
    }
    return y;
  }

  /** One random product: shapes, flags, offsets and padded leading dimensions. */
  private record Case(
      boolean transA, boolean transB, int m, int n, int k, double alpha, double beta,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
      double[] c, int cOff, int ldc) {

    static Case random(SplittableRandom r, int index) {
      // Every fourth case is large enough to cross JavaGemm's blocks of 128 and 512.
      boolean large = index % 4 == 3;
      // Every eighth, C = A B^T over 512 or more steps: VectorGemm's dot products.
      boolean longDots = index % 8 == 6;
      int m = r.nextInt(0, large || longDots ? 40 : 12);
      int n = r.nextInt(0, large ? 600 : longDots ? 40 : 12);
      int k = longDots ? r.nextInt(512, 640) : r.nextInt(0, large ? 300 : 40);
      boolean transA = (index & 1) != 0;
      boolean transB = (index & 2) != 0;
      double alpha = r.nextBoolean() ? 1.0 : r.nextDouble(-2, 2);
      double beta = new double[] {0.0, 1.0, r.nextDouble(-2, 2)}[r.nextInt(3)];
      int aCols = transA ? m : k;
      int bCols = transB ? k : n;
      int lda = aCols + r.nextInt(0, 3);
      int ldb = bCols + r.nextInt(0, 3);
      int ldc = n + r.nextInt(0, 3);
      int aOff = r.nextInt(0, 4);
      int bOff = r.nextInt(0, 4);
      int cOff = r.nextInt(0, 4);
      double[] a = randomArray(r, aOff + (transA ? k : m) * Math.max(1, lda));
      double[] b = randomArray(r, bOff + (transB ? n : k) * Math.max(1, ldb));
      double[] c = randomArray(r, cOff + m * Math.max(1, ldc) + r.nextInt(0, 3));
      markPadding(c, cOff, m, n, Math.max(1, ldc));
      return new Case(transA, transB, m, n, k, alpha, beta, a, aOff, Math.max(1, lda),
          b, bOff, Math.max(1, ldb), c, cOff, Math.max(1, ldc));
    }

    Case roundedToFloat() {
      return new Case(transA, transB, m, n, k, (float) alpha, (float) beta,
          rounded(a), aOff, lda, rounded(b), bOff, ldb, rounded(c), cOff, ldc);
    }

    double aAt(int i, int p) {
      return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    double bAt(int p, int j) {
      return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    void assertMatches(double[] actual, double tolerance) {
      for (int idx = 0; idx < c.length; idx++) {
        if (!inBlock(idx)) {
          assertThat(actual[idx]).as("padding at %d, %s", idx, this).isEqualTo(c[idx]);
        }
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          assertElement(actual[cOff + i * ldc + j], i, j, tolerance);
        }
      }
    }

    private void assertElement(double actual, int i, int j, double tolerance) {
      double old = beta == 0 ? 0 : beta * c[cOff + i * ldc + j];
      double sum = 0;
      double magnitude = Math.abs(old);
      for (int p = 0; p < k; p++) {
        sum += alpha * aAt(i, p) * bAt(p, j);
        magnitude += Math.abs(alpha * aAt(i, p) * bAt(p, j));
      }
      assertThat(actual).as("C[%d][%d] of %s", i, j, this)
          .isCloseTo(old + sum, org.assertj.core.data.Offset.offset(
              tolerance * magnitude + Double.MIN_NORMAL));
    }

    private boolean inBlock(int idx) {
      int rel = idx - cOff;
      return rel >= 0 && rel / ldc < m && rel % ldc < n;
    }

    @Override
    public String toString() {
      return String.format("gemm(transA=%b, transB=%b, m=%d, n=%d, k=%d, offsets %d %d %d, "
          + "ld %d %d %d)", transA, transB, m, n, k, aOff, bOff, cOff, lda, ldb, ldc);
    }

    private static double[] randomArray(SplittableRandom r, int length) {
      double[] x = new double[length];
      for (int i = 0; i < length; i++) {
        x[i] = r.nextDouble(-1, 1);
      }
      return x;
    }

    private static void markPadding(double[] c, int cOff, int m, int n, int ldc) {
      for (int idx = 0; idx < c.length; idx++) {
        int rel = idx - cOff;
        if (rel < 0 || rel / ldc >= m || rel % ldc >= n) {
          c[idx] = SENTINEL;
        }
      }
    }

    private static double[] rounded(double[] x) {
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = (float) x[i];
      }
      return y;
    }
  }
}
