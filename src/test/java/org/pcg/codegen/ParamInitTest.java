package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pcg.ir.Init;

/** Initialisers: their distributions, their fans, and their determinism. */
class ParamInitTest {

  /** Sampling error allowed for a mean or standard deviation over 40 000 values. */
  private static final double STATISTICAL = 0.02;

  /** Orthogonality holds to rounding. */
  private static final double ROUNDING = 1e-12;

  private static final long SEED = 42L;

  @Test
  void fansFollowTheShape() {
    assertThat(ParamInit.fanIn(new int[] {256, 784})).isEqualTo(784);
    assertThat(ParamInit.fanOut(new int[] {256, 784})).isEqualTo(256);
    assertThat(ParamInit.fanIn(new int[] {6, 3, 5, 5})).isEqualTo(75);
    assertThat(ParamInit.fanOut(new int[] {6, 3, 5, 5})).isEqualTo(150);
    assertThat(ParamInit.fanIn(new int[] {10})).isEqualTo(10);
    assertThat(ParamInit.fanOut(new int[] {10})).isEqualTo(10);
  }

  @Test
  void glorotIsUniformWithinItsLimit() {
    double[] w = fill(Init.Kind.GLOROT, 0, 0, 200, 200);
    double limit = Math.sqrt(6.0 / 400);

    assertThat(java.util.Arrays.stream(w).map(Math::abs).max().orElseThrow())
        .isLessThanOrEqualTo(limit);
    assertThat(std(w)).isCloseTo(limit / Math.sqrt(3), within(STATISTICAL * limit));
  }

  @Test
  void heIsNormalWithVarianceTwoOverFanIn() {
    double[] w = fill(Init.Kind.HE, 0, 0, 100, 400);

    assertThat(mean(w)).isCloseTo(0, within(STATISTICAL * 0.1));
    assertThat(std(w)).isCloseTo(Math.sqrt(2.0 / 400), within(STATISTICAL * 0.1));
  }

  @Test
  void numericInitialisersUseTheirArguments() {
    assertThat(fill(Init.Kind.CONSTANT, 0.25, 0, 3)).containsOnly(0.25);
    assertThat(fill(Init.Kind.ONES, 0, 0, 3)).containsOnly(1.0);
    assertThat(fill(Init.Kind.ZEROS, 0, 0, 3)).containsOnly(0.0);
    double[] uniform = fill(Init.Kind.UNIFORM, 2, 3, 100, 400);
    assertThat(java.util.Arrays.stream(uniform).min().orElseThrow()).isGreaterThanOrEqualTo(2);
    assertThat(java.util.Arrays.stream(uniform).max().orElseThrow()).isLessThan(3);
    double[] normal = fill(Init.Kind.NORMAL, 5, 0.5, 200, 200);
    assertThat(mean(normal)).isCloseTo(5, within(STATISTICAL));
    assertThat(std(normal)).isCloseTo(0.5, within(STATISTICAL));
  }

  @Test
  void orthogonalRowsOrColumnsAreOrthonormal() {
    double[] wide = fill(Init.Kind.ORTHOGONAL, 0, 0, 3, 7);
    double[] tall = fill(Init.Kind.ORTHOGONAL, 0, 0, 7, 3);

    assertOrthonormal(wide, 3, 7, true);
    assertOrthonormal(tall, 7, 3, false);
  }

  @Test
  void theSeedAndIndexDecideTheValues() {
    int[] shape = {4, 5};
    double[] a = new double[20];
    double[] again = new double[20];
    double[] otherIndex = new double[20];
    ParamInit.fill(a, Init.Kind.GLOROT, 0, 0, shape, SEED, 1);
    ParamInit.fill(again, Init.Kind.GLOROT, 0, 0, shape, SEED, 1);
    ParamInit.fill(otherIndex, Init.Kind.GLOROT, 0, 0, shape, SEED, 2);
    float[] single = new float[20];
    ParamInit.fill(single, Init.Kind.GLOROT, 0, 0, shape, SEED, 1);

    assertThat(again).containsExactly(a);
    assertThat(otherIndex).isNotEqualTo(a);
    for (int i = 0; i < a.length; i++) {
      assertThat(single[i]).isEqualTo((float) a[i]);
    }
  }

  private static double[] fill(Init.Kind kind, double a, double b, int... shape) {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    double[] w = new double[size];
    ParamInit.fill(w, kind, a, b, shape, SEED, 0);
    return w;
  }

  /** Rows (or, when {@code byRows} is false, columns) have unit norm and are orthogonal. */
  private static void assertOrthonormal(double[] w, int rows, int cols, boolean byRows) {
    int count = byRows ? rows : cols;
    int length = byRows ? cols : rows;
    for (int a = 0; a < count; a++) {
      for (int b = 0; b < count; b++) {
        double dot = 0;
        for (int k = 0; k < length; k++) {
          dot += byRows ? w[a * cols + k] * w[b * cols + k] : w[k * cols + a] * w[k * cols + b];
        }
        assertThat(dot).isCloseTo(a == b ? 1 : 0, within(ROUNDING));
      }
    }
  }

  private static double mean(double[] w) {
    double sum = 0;
    for (double v : w) {
      sum += v;
    }
    return sum / w.length;
  }

  private static double std(double[] w) {
    double m = mean(w);
    double sum = 0;
    for (double v : w) {
      sum += (v - m) * (v - m);
    }
    return Math.sqrt(sum / w.length);
  }
}
