package org.pcg.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pcg.runtime.ConvKernels;
import org.pcg.runtime.Gemm;
import org.pcg.runtime.JavaGemm;
import org.pcg.runtime.Kernels;

/**
 * The hot kernels of the samples' steps at their shapes, in float: the MLP's three kinds of
 * product (forward X W^T, weight gradient dY^T X, input gradient dY W) through the current
 * gemm (native OpenBLAS when installed) and through the Java fallback, and LeNet's first
 * im2col for a batch of 64.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {

  /** The MLP's products at batch 64: first layer forward, its weight gradient, the input. */
  @Param({"forward", "weights", "inputs"})
  public String product;

  @Param({"current", "java"})
  public String gemm;

  private Gemm impl;
  private float[] a;
  private float[] b;
  private float[] c;
  private final float[] image = new float[64 * 784];
  private final float[] cols = new float[64 * 25 * 784];

  @Setup(Level.Trial)
  public void fill() {
    impl = gemm.equals("java") ? new JavaGemm() : Kernels.current();
    SplittableRandom random = new SplittableRandom(1);
    a = randoms(256 * 784, random);
    b = randoms(256 * 784, random);
    c = new float[256 * 784];
    for (int i = 0; i < image.length; i++) {
      image[i] = (float) random.nextDouble();
    }
  }

  @Benchmark
  public float[] product() {
    switch (product) {
      case "forward" -> impl.gemm(false, true, 64, 256, 784, 1f, a, 0, 784, b, 0, 784,
          0f, c, 0, 256);
      case "weights" -> impl.gemm(true, false, 256, 784, 64, 1f, a, 0, 256, b, 0, 784,
          0f, c, 0, 784);
      default -> impl.gemm(false, false, 64, 784, 256, 1f, a, 0, 256, b, 0, 784,
          0f, c, 0, 784);
    }
    return c;
  }

  /** LeNet's first convolution's columns (1 x 28 x 28, 5 x 5, padding 2), 64 samples. */
  @Benchmark
  public float[] im2col() {
    for (int s = 0; s < 64; s++) {
      ConvKernels.im2col(1, 28, 28, 5, 5, 1, 2, image, s * 784, cols, s * 19600);
    }
    return cols;
  }

  private static float[] randoms(int n, SplittableRandom random) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() - 0.5);
    }
    return x;
  }
}
