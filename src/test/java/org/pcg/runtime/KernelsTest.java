package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The elementwise helpers of {@link Kernels} and the switch between gemm implementations. */
class KernelsTest {

  private static final double TOLERANCE = 1e-12;

  private static final float FLOAT_TOLERANCE = 1e-6f;

  @Test
  void fillAndCopyTouchOnlyTheirRange() {
    double[] x = {1, 2, 3, 4, 5};
    Kernels.fill(x, 1, 3, -1);
    assertThat(x).containsExactly(1, -1, -1, -1, 5);

    float[] src = {1, 2, 3, 4};
    float[] dst = new float[5];
    Kernels.copy(2, src, 1, dst, 3);
    assertThat(dst).containsExactly(0, 0, 0, 2, 3);
  }

  @Test
  void axpyAddsAScaledRange() {
    double[] y = {1, 1, 1, 1};
    Kernels.axpy(2, 0.5, new double[] {9, 2, 4}, 1, y, 2);
    assertThat(y).containsExactly(1, 1, 2, 3);

    float[] yf = {1, 1, 1};
    Kernels.axpy(3, -2f, new float[] {1, 2, 3}, 0, yf, 0);
    assertThat(yf).containsExactly(-1, -3, -5);
  }

  @Test
  void sumRowsAddsColumnsOfAPaddedBlock() {
    // Two rows of three columns with a leading dimension of 4; the pad value 100 is unread.
    double[] x = {7, 1, 2, 3, 100, 4, 5, 6, 100};
    double[] y = {Double.NaN, Double.NaN, Double.NaN, 8};
    Kernels.sumRows(2, 3, 1.0, x, 1, 4, 0.0, y, 0);
    assertThat(y).containsExactly(5, 7, 9, 8);

    Kernels.sumRows(2, 3, 0.5, x, 1, 4, 2.0, y, 0);
    assertThat(y[0]).isCloseTo(12.5, within(TOLERANCE));
    assertThat(y[2]).isCloseTo(22.5, within(TOLERANCE));
  }

  @Test
  void sumRowsInFloat() {
    float[] x = {0.1f, 0.2f, 0.3f, 0.4f};
    float[] y = {1, 1};
    Kernels.sumRows(2, 2, 1f, x, 0, 2, 1f, y, 0);
    assertThat(y[0]).isCloseTo(1.4f, within(FLOAT_TOLERANCE));
    assertThat(y[1]).isCloseTo(1.6f, within(FLOAT_TOLERANCE));
  }

  @Test
  void fastNetlibIsTheDefaultWhenItLoadsElseJavaAndVectorsTakeFloatsWhenWide() {
    assumeTrue(System.getProperty("pcg.gemm") == null, "gemm forced by pcg.gemm");
    String fast = NetlibGemm.load().filter(g -> g.isNative() || g.isVector())
        .map(NetlibGemm::name).orElse("java");
    // The tests' JVM has the Vector API module (pom.xml's argLine).
    String expected = VectorGemm.lanes() >= 16
        ? "vector-" + VectorGemm.lanes() * Float.SIZE + " (else " + fast + ")" : fast;
    assertThat(Kernels.current().name()).isEqualTo(expected);
  }

  @Test
  void useSwitchesTheImplementationOfLaterProducts() {
    Gemm before = Kernels.current();
    try {
      JavaGemm java = new JavaGemm();
      Kernels.use(java);
      assertThat(Kernels.current()).isSameAs(java);
      double[] c = new double[1];
      Kernels.gemm(false, false, 1, 1, 2, 1.0, new double[] {1, 2}, 0, 2,
          new double[] {3, 4}, 0, 1, 0.0, c, 0, 1);
      assertThat(c[0]).isEqualTo(11);
    } finally {
      Kernels.use(before);
    }
  }

  /** Values where a bit trick for {@code x > 0} could slip: zeros, ends of range, NaNs. */
  private static final float[] EDGE_FLOATS = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE,
      Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc00001),
      Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001), 1f, -1f};

  @Test
  void reluGradHasTheBitsOfTheConditional() {
    SplittableRandom random = new SplittableRandom(9);
    float[] gs = {2.5f, -2.5f, 0f, -0f, Float.NaN, Float.NEGATIVE_INFINITY};
    for (int i = 0; i < 20_000; i++) {
      float x = i < EDGE_FLOATS.length ? EDGE_FLOATS[i]
          : Float.intBitsToFloat(random.nextInt());
      for (float g : gs) {
        float want = x > 0 ? g : 0f;
        assertThat(Float.floatToRawIntBits(Kernels.reluGrad(x, g)))
            .as("x=%s g=%s", x, g).isEqualTo(Float.floatToRawIntBits(want));
        double xd = i < EDGE_FLOATS.length ? x : Double.longBitsToDouble(random.nextLong());
        double wantD = xd > 0 ? (double) g : 0.0;
        assertThat(Double.doubleToRawLongBits(Kernels.reluGrad(xd, (double) g)))
            .as("x=%s g=%s", xd, g).isEqualTo(Double.doubleToRawLongBits(wantD));
      }
    }
  }

  @Test
  void indexIfAboveAgreesWithTheConditionalExceptBetweenEqualValues() {
    SplittableRandom random = new SplittableRandom(11);
    float[] values = new float[2_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i < EDGE_FLOATS.length ? EDGE_FLOATS[i]
          : Float.intBitsToFloat(random.nextInt());
    }
    for (float v : values) {
      for (int j = 0; j < 200; j++) {
        float best = values[random.nextInt(values.length)];
        if (Float.isNaN(v) || Float.isNaN(best) || v == best) {
          continue; // either index holds a maximum (or the window's maximum is NaN)
        }
        assertThat(Kernels.indexIfAbove(v, best, 7, 3)).as("v=%s best=%s", v, best)
            .isEqualTo(v > best ? 7 : 3);
        assertThat(Kernels.indexIfAbove((double) v, (double) best, 7, 3))
            .as("v=%s best=%s", v, best).isEqualTo(v > best ? 7 : 3);
      }
    }
    assertThat(Kernels.indexIfAbove(0f, 0f, 7, 3)).as("a tie keeps the earlier").isEqualTo(3);
    assertThat(Kernels.indexIfAbove(0.0, 0.0, 7, 3)).isEqualTo(3);
  }
}
