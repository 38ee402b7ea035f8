package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Two steps of each optimizer on p = (1, -2) with updates u1 = (0.5, 1) and u2 = (-1, 0),
 * against the arithmetic written out by hand.
 */
class OptimizerTest {

  private static final double TOLERANCE = 1e-12;

  private static final double FLOAT_TOLERANCE = 1e-6;

  private static final double[] U1 = {0.5, 1};
  private static final double[] U2 = {-1, 0};

  @Test
  void sgdAddsTheScaledUpdate() {
    // p = p + 0.1 u1 + 0.1 u2
    assertTwoSteps(new Sgd(0.1), 1 + 0.05 - 0.1, -2 + 0.1 + 0);
  }

  @Test
  void momentumAccumulatesVelocity() {
    // v1 = u1 = (0.5, 1); v2 = 0.9 v1 + u2 = (-0.55, 0.9); p = p + 0.1 v1 + 0.1 v2
    assertTwoSteps(new Momentum(0.1, 0.9), 1 + 0.05 - 0.055, -2 + 0.1 + 0.09);
  }

  @Test
  void adamCorrectsItsBias() {
    // Element 0. Step 1: m = 0.1 * 0.5, v = 0.001 * 0.25; corrected 0.5 and 0.25.
    double first0 = 0.1 * 0.5 / (0.5 + 1e-8);
    // Step 2: m = 0.9 * 0.05 - 0.1 = -0.055, v = 0.999 * 0.00025 + 0.001 = 0.00124975;
    // corrections 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999.
    double second0 = 0.1 * (-0.055 / 0.19) / (Math.sqrt(0.00124975 / 0.001999) + 1e-8);
    // Element 1. Step 1: corrected m = 1, v = 1. Step 2: m = 0.09, v = 0.000999.
    double first1 = 0.1 * 1 / (1 + 1e-8);
    double second1 = 0.1 * (0.09 / 0.19) / (Math.sqrt(0.000999 / 0.001999) + 1e-8);

    assertThat(1 + first0 + second0).isCloseTo(1.0633896458, within(1e-9));
    assertTwoSteps(new Adam(0.1, 0.9, 0.999, 1e-8), 1 + first0 + second0,
        -2 + first1 + second1);
  }

  @Test
  void slotsKeepSeparateState() {
    Momentum momentum = new Momentum(1, 0.5);
    double[] a = {0};
    double[] b = {0};
    momentum.beginStep();
    momentum.step(0, a, new double[] {1});
    momentum.step(1, b, new double[] {-1});
    momentum.beginStep();
    momentum.step(0, a, new double[] {0});
    momentum.step(1, b, new double[] {0});
    assertThat(a[0]).isEqualTo(1.5);
    assertThat(b[0]).isEqualTo(-1.5);
  }

  @Test
  void stepsOutOfOrderAreRefused() {
    Adam adam = new Adam(0.1);
    assertThatThrownBy(() -> adam.step(0, new double[1], new double[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("step() before the first beginStep()");
    adam.beginStep();
    assertThatThrownBy(adam::beginStep)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("beginStep() called twice");
    assertThatThrownBy(() -> adam.step(0, new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class);
    adam.step(0, new double[2], new double[2]);
    adam.beginStep();
    assertThatThrownBy(() -> adam.step(0, new double[3], new double[3]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("slot 0 had 2 values in an earlier step and has 3 now");
  }

  @Test
  void badHyperparametersAreRefused() {
    assertThatThrownBy(() -> new Sgd(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Momentum(0.1, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Adam(0.1, 0.9, 0.999, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Runs two steps in double and in float and checks both against the expected values. */
  private static void assertTwoSteps(Optimizer optimizer, double want0, double want1) {
    double[] p = {1, -2};
    optimizer.beginStep();
    optimizer.step(0, p, U1.clone());
    optimizer.beginStep();
    optimizer.step(0, p, U2.clone());
    assertThat(p[0]).isCloseTo(want0, within(TOLERANCE));
    assertThat(p[1]).isCloseTo(want1, within(TOLERANCE));
  }

  @Test
  void floatStepsMatchTheDoubleArithmetic() {
    Optimizer[] doubles = {new Sgd(0.1), new Momentum(0.1, 0.9), new Adam(0.1)};
    Optimizer[] floats = {new Sgd(0.1), new Momentum(0.1, 0.9), new Adam(0.1)};
    for (int o = 0; o < doubles.length; o++) {
      double[] p = {1, -2};
      float[] pf = {1, -2};
      for (double[] u : new double[][] {U1, U2}) {
        doubles[o].beginStep();
        doubles[o].step(0, p, u.clone());
        floats[o].beginStep();
        floats[o].step(0, pf, new float[] {(float) u[0], (float) u[1]});
      }
      assertThat((double) pf[0]).as(doubles[o].toString()).isCloseTo(p[0],
          within(FLOAT_TOLERANCE));
      assertThat((double) pf[1]).as(doubles[o].toString()).isCloseTo(p[1],
          within(FLOAT_TOLERANCE));
    }
  }

  @Test
  void aNegativeStepCountIsRefusedAsSuch() {
    Momentum momentum = new Momentum(0.1, 0.9);

    assertThatThrownBy(() -> momentum.restore(
        java.util.Map.of("steps", NpyArray.of(new long[] {-5}, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counts -5 steps; a count is never negative");
  }

  /** Shared out between threads, every optimizer does the same arithmetic per element. */
  @Test
  void updatesSharedBetweenThreadsHaveTheSerialBits() {
    List<Supplier<Optimizer>> kinds = List.of(() -> new Sgd(0.1),
        () -> new Momentum(0.1, 0.9), () -> new Adam(0.01));
    for (Supplier<Optimizer> kind : kinds) {
      float[] serialF = sharedRun(kind.get(), 1, 31);
      float[] sharedF = sharedRun(kind.get(), 2, 31);
      assertThat(sharedF).as(kind.get().toString()).containsExactly(serialF);
      double[] serialD = sharedRunDouble(kind.get(), 1, 32);
      double[] sharedD = sharedRunDouble(kind.get(), 2, 32);
      assertThat(sharedD).as(kind.get().toString()).containsExactly(serialD);
    }
  }

  /** Three steps on one large slot with products and ranges on {@code threads} threads. */
  private static float[] sharedRun(Optimizer optimizer, int threads, long seed) {
    int length = SplitGemm.MIN_SPLIT_ELEMENTS * 3 + 7;
    SplittableRandom random = new SplittableRandom(seed);
    float[] param = new float[length];
    float[] update = new float[length];
    for (int i = 0; i < length; i++) {
      param[i] = (float) random.nextGaussian();
    }
    Gemm before = Kernels.current();
    Kernels.useThreads(threads);
    try {
      for (int step = 0; step < 3; step++) {
        for (int i = 0; i < length; i++) {
          update[i] = (float) random.nextGaussian();
        }
        optimizer.beginStep();
        optimizer.step(0, param, update);
      }
    } finally {
      Kernels.use(before);
    }
    return param;
  }

  private static double[] sharedRunDouble(Optimizer optimizer, int threads, long seed) {
    int length = SplitGemm.MIN_SPLIT_ELEMENTS * 3 + 7;
    SplittableRandom random = new SplittableRandom(seed);
    double[] param = random.doubles(length).toArray();
    Gemm before = Kernels.current();
    Kernels.useThreads(threads);
    try {
      for (int step = 0; step < 3; step++) {
        optimizer.beginStep();
        optimizer.step(0, param, random.doubles(length, -1, 1).toArray());
      }
    } finally {
      Kernels.use(before);
    }
    return param;
  }
}
