package org.pcg.codegen;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.pcg.ir.Init;

/**
 * Fills parameters as their {@link Init} says; generated classes call it from
 * {@code initParams(seed)}. The numbers depend only on the seed, the parameter's index and
 * its shape, so a model starts the same in float and double and in every run.
 *
 * <p>Fan-in and fan-out follow {@link Init}: for a shape [out, in, k...] fan-in is
 * {@code in * k...} and fan-out {@code out * k...}; a vector has both equal to its length.
 */
public final class ParamInit {

  private ParamInit() {}

  /**
   * Fills {@code dst} (the row-major elements of a tensor of {@code shape}).
   *
   * @param a the first numeric argument (constant: value; uniform: low; normal: mean)
   * @param b the second (uniform: high; normal: standard deviation)
   * @param index the parameter's index in the model, which picks its random stream
   */
  public static void fill(double[] dst, Init.Kind kind, double a, double b, int[] shape,
      long seed, int index) {
    SplittableRandom random = new SplittableRandom(streamSeed(seed, index));
    switch (kind) {
      case ZEROS -> java.util.Arrays.fill(dst, 0.0);
      case ONES -> java.util.Arrays.fill(dst, 1.0);
      case CONSTANT -> java.util.Arrays.fill(dst, a);
      case UNIFORM -> uniform(dst, a, b, random);
      case NORMAL -> normal(dst, a, b, random);
      case GLOROT -> glorot(dst, shape, random);
      case HE -> normal(dst, 0.0, Math.sqrt(2.0 / fanIn(shape)), random);
      case ORTHOGONAL -> orthogonal(dst, shape, random);
      default -> throw new IllegalArgumentException("unknown initialiser " + kind);
    }
  }

  /** Fills a float parameter with the double version's numbers, rounded. */
  public static void fill(float[] dst, Init.Kind kind, double a, double b, int[] shape,
      long seed, int index) {
    double[] values = new double[dst.length];
    fill(values, kind, a, b, shape, seed, index);
    for (int i = 0; i < dst.length; i++) {
      dst[i] = (float) values[i];
    }
  }

  /** in * k... for [out, in, k...]; the length for a vector; 1 for a scalar. */
  static int fanIn(int[] shape) {
    if (shape.length < 2) {
      return shape.length == 0 ? 1 : shape[0];
    }
    return shape[1] * receptiveField(shape);
  }

  /** out * k... for [out, in, k...]; the length for a vector; 1 for a scalar. */
  static int fanOut(int[] shape) {
    if (shape.length < 2) {
      return shape.length == 0 ? 1 : shape[0];
    }
    return shape[0] * receptiveField(shape);
  }

  private static int receptiveField(int[] shape) {
    int k = 1;
    for (int i = 2; i < shape.length; i++) {
      k *= shape[i];
    }
    return k;
  }

  /** Mixes seed and index (SplitMix64's finaliser) so neighbouring indices are unrelated. */
  private static long streamSeed(long seed, int index) {
    long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void uniform(double[] dst, double low, double high, SplittableRandom r) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] = low + (high - low) * r.nextDouble();
    }
  }

  private static void normal(double[] dst, double mean, double std, SplittableRandom r) {
    for (int i = 0; i < dst.length; i++) {
      dst[i] = mean + std * r.nextGaussian();
    }
  }

  /** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fan-in + fan-out)). */
  private static void glorot(double[] dst, int[] shape, SplittableRandom r) {
    double limit = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
    uniform(dst, -limit, limit, r);
  }

  /**
   * A (semi-)orthogonal matrix of [rows, rest]: the Q factor of a Gaussian matrix, with the
   * signs of R's diagonal folded in so the result is uniformly distributed.
   */
  private static void orthogonal(double[] dst, int[] shape, SplittableRandom r) {
    int rows = shape.length == 0 ? 1 : shape[0];
    int cols = dst.length / rows;
    int tall = Math.max(rows, cols);
    int wide = Math.min(rows, cols);
    DMatrixRMaj g = new DMatrixRMaj(tall, wide);
    for (int i = 0; i < g.data.length; i++) {
      g.data[i] = r.nextGaussian();
    }
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(tall, wide);
    if (!qr.decompose(g)) {
      throw new IllegalStateException("QR decomposition failed");
    }
    DMatrixRMaj q = qr.getQ(null, true);
    DMatrixRMaj rr = qr.getR(null, true);
    for (int i = 0; i < tall; i++) {
      for (int j = 0; j < wide; j++) {
        double v = rr.get(j, j) < 0 ? -q.get(i, j) : q.get(i, j);
        dst[rows >= cols ? i * cols + j : j * cols + i] = v;
      }
    }
  }
}
