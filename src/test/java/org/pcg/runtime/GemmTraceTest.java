package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Recording the products of some code, and replaying them alone. */
class GemmTraceTest {

  @Test
  void recordsEveryProductPassesItOnAndRestoresTheGemm() {
    Gemm before = Kernels.current();
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] b = {1, 0, 0, 1, 1, 1};
    float[] c = new float[4];
    double[] x = {2};
    double[] y = {3};
    double[] z = {1};

    GemmTrace trace = GemmTrace.record(() -> {
      // [2 x 3] times [3 x 2], and a 1 x 1 product that accumulates.
      Kernels.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
      Kernels.gemm(false, false, 1, 1, 1, 1.0, x, 0, 1, y, 0, 1, 1.0, z, 0, 1);
    });

    assertThat(trace.size()).isEqualTo(2);
    assertThat(trace.flops()).isEqualTo(2L * 2 * 2 * 3 + 2);
    assertThat(c).containsExactly(4, 5, 10, 11);
    assertThat(z).containsExactly(7);
    assertThat(Kernels.current()).isSameAs(before);
  }

  @Test
  void replayRunsTheRecordedShapesOnItsOwnArrays() {
    float[] c = new float[4];
    GemmTrace trace = GemmTrace.record(() -> Kernels.gemm(true, true, 2, 2, 3, 1f,
        new float[6], 0, 2, new float[6], 0, 3, 0f, c, 0, 2));
    c[0] = 42;

    trace.replay();

    assertThat(c[0]).isEqualTo(42);
  }
}
