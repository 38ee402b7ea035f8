package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link SplitGemm} at the shapes training uses, a helper's failure, and shared ranges;
 * GemmTest checks its products of every kind against a naive loop.
 */
class SplitGemmTest {

  private static final Gemm NETLIB = NetlibGemm.load().orElseThrow();

  /**
   * Per unit of an element's sum of |terms|. A block can meet a different OpenBLAS kernel
   * (a remainder of rows, say) and so round differently, by a few ulps.
   */
  private static final double ROUNDING = 1e-14;

  /** The MLP sample's products at batch 64 (m, n, k, transA, transB), both cut ways. */
  private static final int[][] SHAPES = {
      {64, 256, 784, 0, 1}, {256, 784, 64, 1, 0}, {64, 256, 256, 0, 0}, {256, 256, 64, 1, 0},
      {64, 10, 256, 0, 1}, {300, 40, 200, 1, 1}, {40, 300, 200, 0, 0}};

  @Test
  void trainingSizedProductsAgreeWithTheInnerProduct() {
    Gemm split = SplitGemm.over(NETLIB, 2);
    SplittableRandom random = new SplittableRandom(4);
    for (int[] s : SHAPES) {
      boolean transA = s[3] == 1;
      boolean transB = s[4] == 1;
      double[] a = random.doubles(s[0] * s[2], -1, 1).toArray();
      double[] b = random.doubles(s[2] * s[1], -1, 1).toArray();
      double[] want = random.doubles(s[0] * s[1], -1, 1).toArray();
      double[] c = want.clone();
      int lda = transA ? s[0] : s[2];
      int ldb = transB ? s[2] : s[1];
      NETLIB.gemm(transA, transB, s[0], s[1], s[2], 0.5, a, 0, lda, b, 0, ldb, 0.25,
          want, 0, s[1]);
      split.gemm(transA, transB, s[0], s[1], s[2], 0.5, a, 0, lda, b, 0, ldb, 0.25,
          c, 0, s[1]);
      // Each term is below 1 in size, so k bounds the sum of |terms| of an element.
      assertThat(c).as("%d x %d x %d", s[0], s[1], s[2])
          .containsExactly(want, within(ROUNDING * s[2]));
    }
  }

  @Test
  void aHelpersFailureReachesTheCaller() {
    boolean[] failed = {false};
    Gemm failing = new Gemm() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
          double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta,
          double[] c, int cOff, int ldc) {
        if (cOff > 0 && !failed[0]) {
          failed[0] = true;
          throw new IllegalStateException("block at " + cOff);
        }
      }

      @Override
      public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
          float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
          float[] c, int cOff, int ldc) {}
    };
    Gemm split = new SplitGemm(failing, 2, 0, 1);

    assertThatThrownBy(() -> split.gemm(false, false, 4, 1, 1, 1.0, new double[4], 0, 1,
        new double[1], 0, 1, 0.0, new double[4], 0, 1))
        .isInstanceOf(IllegalStateException.class).hasMessage("block at 2");
    // The helper is still there for the next product, and the failure is not reported again.
    split.gemm(false, false, 4, 1, 1, 1.0, new double[4], 0, 1, new double[1], 0, 1, 0.0,
        new double[4], 0, 1);
    assertThat(failed[0]).isTrue();
  }

  @Test
  void rangesCoverEveryIndexOnceOnSeveralThreads() {
    SplitGemm split = new SplitGemm(NETLIB, 3, 0, 16);
    int length = SplitGemm.MIN_SPLIT_ELEMENTS + 37;
    AtomicIntegerArray visits = new AtomicIntegerArray(length);
    String[] threads = new String[length];

    split.forRanges(length, (from, to) -> {
      for (int i = from; i < to; i++) {
        visits.incrementAndGet(i);
        threads[i] = Thread.currentThread().getName();
      }
    });

    for (int i = 0; i < length; i++) {
      assertThat(visits.get(i)).as("index %d", i).isEqualTo(1);
    }
    assertThat(threads).contains(Thread.currentThread().getName(), "pcg-gemm-1", "pcg-gemm-2");
  }
}
