package org.pcg.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The matrix products some code makes, recorded once and replayed alone: the yardstick of
 * a training step, which can be no faster than its products at the speed of the current
 * {@link Gemm} (native OpenBLAS, normally). Replays run on scratch arrays of the recorded
 * shapes, one set per product as in the step, so they meet the same cache traffic.
 */
public final class GemmTrace {

  /** One recorded product: its flags, dimensions, strides, and whether it accumulated. */
  record Call(boolean dbl, boolean transA, boolean transB, int m, int n, int k,
      int lda, int ldb, int ldc, boolean accumulate) {

    long flops() {
      return 2L * m * n * k;
    }
  }

  private final List<Call> calls;
  private final List<Object[]> operands = new ArrayList<>();

  private GemmTrace(List<Call> calls) {
    this.calls = List.copyOf(calls);
    SplittableRandom random = new SplittableRandom(1);
    for (Call c : this.calls) {
      operands.add(scratch(c, random));
    }
  }

  /**
   * Runs {@code code} once with every product going through a recorder in front of the
   * current gemm, and returns what it recorded.
   */
  public static GemmTrace record(Runnable code) {
    Gemm real = Kernels.current();
    Recorder recorder = new Recorder(real);
    Kernels.use(recorder);
    try {
      code.run();
    } finally {
      Kernels.use(real);
    }
    return new GemmTrace(recorder.calls);
  }

  /** The gemm a recorder sends its products on to, or {@code gemm} itself. */
  static Gemm recorded(Gemm gemm) {
    return gemm instanceof Recorder r ? r.real : gemm;
  }

  /** Number of products recorded. */
  public int size() {
    return calls.size();
  }

  /** Floating-point operations of all recorded products, 2 m n k each. */
  public long flops() {
    return calls.stream().mapToLong(Call::flops).sum();
  }

  /** Runs every recorded product once, in order, through the current gemm. */
  public void replay() {
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      Object[] abc = operands.get(i);
      if (c.dbl()) {
        Kernels.gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), 1.0, (double[]) abc[0], 0,
            c.lda(), (double[]) abc[1], 0, c.ldb(), c.accumulate() ? 1.0 : 0.0,
            (double[]) abc[2], 0, c.ldc());
      } else {
        Kernels.gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), 1f, (float[]) abc[0], 0,
            c.lda(), (float[]) abc[1], 0, c.ldb(), c.accumulate() ? 1f : 0f,
            (float[]) abc[2], 0, c.ldc());
      }
    }
  }

  /** Arrays A, B and C just large enough for one call, filled with small values. */
  private static Object[] scratch(Call c, SplittableRandom random) {
    int aSize = (c.transA() ? c.k() : c.m()) * c.lda();
    int bSize = (c.transB() ? c.n() : c.k()) * c.ldb();
    int cSize = c.m() * c.ldc();
    if (c.dbl()) {
      return new Object[] {doubles(aSize, random), doubles(bSize, random), new double[cSize]};
    }
    return new Object[] {floats(aSize, random), floats(bSize, random), new float[cSize]};
  }

  private static double[] doubles(int size, SplittableRandom random) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextDouble() - 0.5;
    }
    return x;
  }

  private static float[] floats(int size, SplittableRandom random) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (random.nextDouble() - 0.5);
    }
    return x;
  }

  /** Passes every product on to the real gemm and notes its shape. */
  private static final class Recorder implements Gemm {
    private final Gemm real;
    private final List<Call> calls = new ArrayList<>();

    Recorder(Gemm real) {
      this.real = real;
    }

    @Override
    public String name() {
      return real.name();
    }

    @Override
    public void gemm(
        boolean transA, boolean transB, int m, int n, int k,
        double alpha, double[] a, int aOff, int lda,
        double[] b, int bOff, int ldb,
        double beta, double[] c, int cOff, int ldc) {
      calls.add(new Call(true, transA, transB, m, n, k, lda, ldb, ldc, beta != 0));
      real.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
          ldc);
    }

    @Override
    public void gemm(
        boolean transA, boolean transB, int m, int n, int k,
        float alpha, float[] a, int aOff, int lda,
        float[] b, int bOff, int ldb,
        float beta, float[] c, int cOff, int ldc) {
      calls.add(new Call(false, transA, transB, m, n, k, lda, ldb, ldc, beta != 0));
      real.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
          ldc);
    }
  }
}
