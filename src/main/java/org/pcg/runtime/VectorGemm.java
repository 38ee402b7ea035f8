package org.pcg.runtime;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float matrix products in the JDK's Vector API (incubating in JDK 17, module
 * {@code jdk.incubator.vector}); double products go to another {@link Gemm}.
 *
 * <p>Why our own kernel: with OpenBLAS 0.3.21 pinned to its AVX2 (Haswell) kernels, as on
 * hosts whose CPU it does not know (AMD Zen 5) or whose environment sets
 * {@code OPENBLAS_CORETYPE}, the MLP's products ran at 105-114 GFLOP/s; this kernel on
 * 512-bit vectors ran the same shape at 249 (docs/performance.md). {@link Kernels} picks it
 * only where vectors are that wide.
 *
 * <p>The product is cut into tiles of {@link #ROWS} rows by two vectors of columns. A tile's
 * 12 sums stay in registers for the whole of k, each step loading one row of op(B)'s panel
 * and broadcasting one element of each of op(A)'s six rows; then the tile goes through a
 * small array into C as {@code alpha * sum + beta * C}. op(A) is read where it lies (its
 * rows, or with transA its columns, are strided walks); so is B where the panel is whole.
 * The last panel, when n is not a multiple of its width, is first copied (zero columns past
 * n), and a last tile of fewer than six rows reads a copy of them with zero rows below.
 * A transposed B goes to {@link VectorDots}. There is no
 * blocking along k: at the samples' sizes (k up to 1,024) a panel is at most 128 KB and
 * stays in the core's L2; much longer products would stream their panel from memory.
 *
 * <p>Each step adds in order p = 0, 1, .., k - 1 with fused multiply-adds, so results differ
 * from OpenBLAS's in the last bits, as any two BLAS do. Scratch panels are per thread (the
 * threads of {@link SplitGemm} run products at once) and grow to the largest product seen;
 * after that nothing allocates.
 */
final class VectorGemm implements Gemm {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Rows of a tile: 12 sums, 2 panel vectors and a broadcast fit 16 vector registers. */
  static final int ROWS = 6;
  /** Columns of a tile and width of a panel. */
  private static final int WIDTH = 2 * LANES;

  /** Steps below which a product with op(A) transposed goes to {@link #other}. */
  private static final int MIN_STEPS_TRANSPOSED_A = 32;
  /** Steps below which a product with op(B) transposed goes to {@link #other}. */
  private static final int MIN_STEPS_TRANSPOSED_B = 512;

  /**
   * Rounds of {@link #warmUp}. It shortens, not removes, the first step's wait for C2: the
   * MLP's cached start to the end of its first step was 0.45-0.55 s with 30 rounds, no
   * better with 600 or 1,500, 0.6-0.8 s without a warm-up, 0.36-0.40 s without the Vector
   * API (docs/performance.md).
   */
  private static final int WARM_UP_ROUNDS = 30;

  private final Gemm other;
  /** The thread of {@link #startWarmUp} while it runs, else null. */
  private volatile Thread warming;
  private final int minStepsTransposedA;
  private final int minStepsTransposedB;
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  /** @param other the products in double, and the float ones this class is slower at */
  VectorGemm(Gemm other) {
    this(other, MIN_STEPS_TRANSPOSED_A, MIN_STEPS_TRANSPOSED_B);
  }

  private VectorGemm(Gemm other, int minStepsTransposedA, int minStepsTransposedB) {
    this.other = other;
    this.minStepsTransposedA = minStepsTransposedA;
    this.minStepsTransposedB = minStepsTransposedB;
  }

  /** One that computes every float product with op(A) or op(B) transposed itself: tests. */
  static VectorGemm everywhere(Gemm other) {
    return new VectorGemm(other, 0, 0);
  }

  /**
   * Whether this class outran OpenBLAS's AVX2 kernels at such a product, as measured at the
   * samples' shapes on a Zen 5 host (docs/performance.md): op(B) as stored always (1.1-1.5x
   * faster); op(A) transposed from 32 steps (1.2x at 64, 0.7x at 16); op(B) transposed,
   * as dot products, only from 512 steps (1.2x at 784, 3.4x for LeNet's 6 x 25 x 784, but
   * 0.8x at 256 and 0.4x at 100, where the reductions of the dot products dominate).
   */
  private boolean faster(boolean transA, boolean transB, int k) {
    if (transB) {
      return !transA && k >= minStepsTransposedB;
    }
    return !transA || k >= minStepsTransposedA;
  }

  /** The floats one vector of the preferred species holds on this JVM and CPU. */
  static int lanes() {
    return LANES;
  }

  /**
   * Runs small products of every kind this class computes, on arrays of its own, enough
   * times for the JIT to compile its kernels. Until then the Vector API's operations run as
   * objects, hundreds of times slower: the MLP's first training step took 300 ms longer.
   * Meant for a spare thread at start-up; results never depend on it (the kernels compute
   * the same values compiled or not).
   */
  void warmUp() {
    try {
      warmUpKernels();
    } finally {
      warming = null;
    }
  }

  /**
   * Starts {@link #warmUp} on a thread of its own; the first float product waits for it, so
   * that a run's first step does not run the kernels uncompiled (it made the MLP's first
   * step 300 ms slower), while its results stay those of any other run.
   */
  void startWarmUp() {
    Thread thread = new Thread(this::warmUp, "pcg-vector-warm-up");
    thread.setDaemon(true);
    warming = thread;
    thread.start();
  }

  private static void awaitWarmUp(Thread thread) {
    if (thread == Thread.currentThread()) {
      return;
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void warmUpKernels() {
    int steps = MIN_STEPS_TRANSPOSED_B;
    float[] a = new float[ROWS * steps];
    float[] b = new float[steps * WIDTH];
    float[] c = new float[ROWS * WIDTH];
    int k = 16;
    for (int i = 0; i < WARM_UP_ROUNDS; i++) {
      // One tile of the product kernel, one tile of dot products: the classes loaded and
      // the kernels past the interpreter; C2's compilation follows on the JIT's thread.
      gemm(false, false, ROWS, WIDTH, k, 1f, a, 0, k, b, 0, WIDTH, 0f, c, 0, WIDTH);
      gemm(false, true, VectorDots.DOT, VectorDots.DOT, steps, 1f, a, 0, steps, b, 0, steps,
          1f, c, 0, WIDTH);
    }
  }

  @Override
  public String name() {
    return "vector-" + LANES * Float.SIZE + " (else " + other.name() + ")";
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c,
      int cOff, int ldc) {
    other.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
        ldc);
  }

  @Override
  public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c,
      int cOff, int ldc) {
    GemmChecks.check(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb,
        c.length, cOff, ldc);
    Thread thread = warming;
    if (thread != null) {
      awaitWarmUp(thread);
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0) {
      scale(m, n, beta, c, cOff, ldc);
      return;
    }
    if (!faster(transA, transB, k)) {
      other.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
          ldc);
      return;
    }
    if (transB) {
      VectorDots.products(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
          scratch.get().tile);
      return;
    }
    Scratch s = scratch.get();
    // op(A)'s element (i, p) is at aOff + i * rs + p * as.
    int rs = transA ? 1 : lda;
    int as = transA ? lda : 1;
    for (int j0 = 0; j0 < n; j0 += WIDTH) {
      int cols = Math.min(WIDTH, n - j0);
      boolean inPlace = cols == WIDTH;
      if (!inPlace) {
        s.panel(k, cols, b, bOff + j0, ldb);
      }
      float[] y = inPlace ? b : s.panel;
      int yStart = inPlace ? bOff + j0 : 0;
      int bs = inPlace ? ldb : WIDTH;
      for (int i0 = 0; i0 < m; i0 += ROWS) {
        int rows = Math.min(ROWS, m - i0);
        if (rows == ROWS) {
          kernel(k, a, aOff + i0 * rs, rs, as, y, yStart, bs, s.tile);
        } else {
          s.lastRows(rows, k, a, aOff + i0 * rs, rs, as);
          kernel(k, s.rows, 0, k, 1, y, yStart, bs, s.tile);
        }
        store(rows, cols, WIDTH, alpha, s.tile, beta, c, cOff + i0 * ldc + j0, ldc);
      }
    }
  }

  /**
   * The 6 x WIDTH sums of one tile over k steps, written row by row into tile: op(A)'s
   * element (r, p) is {@code x[xStart + r * rs + p * as]}, the panel's row p starts at
   * {@code y[yStart + p * bs]}.
   */
  private static void kernel(int k, float[] x, int xStart, int rs, int as, float[] y,
      int yStart, int bs, float[] tile) {
    FloatVector s00 = FloatVector.zero(SPECIES);
    FloatVector s01 = FloatVector.zero(SPECIES);
    FloatVector s10 = FloatVector.zero(SPECIES);
    FloatVector s11 = FloatVector.zero(SPECIES);
    FloatVector s20 = FloatVector.zero(SPECIES);
    FloatVector s21 = FloatVector.zero(SPECIES);
    FloatVector s30 = FloatVector.zero(SPECIES);
    FloatVector s31 = FloatVector.zero(SPECIES);
    FloatVector s40 = FloatVector.zero(SPECIES);
    FloatVector s41 = FloatVector.zero(SPECIES);
    FloatVector s50 = FloatVector.zero(SPECIES);
    FloatVector s51 = FloatVector.zero(SPECIES);
    for (int p = 0, pa = xStart, pb = yStart; p < k; p++, pa += as, pb += bs) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, y, pb);
      FloatVector b1 = FloatVector.fromArray(SPECIES, y, pb + LANES);
      FloatVector e = FloatVector.broadcast(SPECIES, x[pa]);
      s00 = e.fma(b0, s00);
      s01 = e.fma(b1, s01);
      e = FloatVector.broadcast(SPECIES, x[pa + rs]);
      s10 = e.fma(b0, s10);
      s11 = e.fma(b1, s11);
      e = FloatVector.broadcast(SPECIES, x[pa + 2 * rs]);
      s20 = e.fma(b0, s20);
      s21 = e.fma(b1, s21);
      e = FloatVector.broadcast(SPECIES, x[pa + 3 * rs]);
      s30 = e.fma(b0, s30);
      s31 = e.fma(b1, s31);
      e = FloatVector.broadcast(SPECIES, x[pa + 4 * rs]);
      s40 = e.fma(b0, s40);
      s41 = e.fma(b1, s41);
      e = FloatVector.broadcast(SPECIES, x[pa + 5 * rs]);
      s50 = e.fma(b0, s50);
      s51 = e.fma(b1, s51);
    }
    s00.intoArray(tile, 0);
    s01.intoArray(tile, LANES);
    s10.intoArray(tile, WIDTH);
    s11.intoArray(tile, WIDTH + LANES);
    s20.intoArray(tile, 2 * WIDTH);
    s21.intoArray(tile, 2 * WIDTH + LANES);
    s30.intoArray(tile, 3 * WIDTH);
    s31.intoArray(tile, 3 * WIDTH + LANES);
    s40.intoArray(tile, 4 * WIDTH);
    s41.intoArray(tile, 4 * WIDTH + LANES);
    s50.intoArray(tile, 5 * WIDTH);
    s51.intoArray(tile, 5 * WIDTH + LANES);
  }

  /**
   * C = alpha * tile + beta * C over the tile's first rows and cols (its rows {@code width}
   * apart); beta 0 reads no C.
   */
  static void store(int rows, int cols, int width, float alpha, float[] tile,
      float beta, float[] c, int at, int ldc) {
    for (int r = 0; r < rows; r++) {
      int t = r * width;
      int o = at + r * ldc;
      if (beta == 0) {
        for (int j = 0; j < cols; j++) {
          c[o + j] = alpha * tile[t + j];
        }
      } else {
        for (int j = 0; j < cols; j++) {
          c[o + j] = alpha * tile[t + j] + beta * c[o + j];
        }
      }
    }
  }

  /** C = beta * C, as BLAS does when there is nothing to add (beta 0 writes zeros). */
  private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int o = cOff + i * ldc;
      if (beta == 0) {
        Arrays.fill(c, o, o + n, 0f);
      } else {
        for (int j = o; j < o + n; j++) {
          c[j] *= beta;
        }
      }
    }
  }

  /** One thread's copies: a panel of op(B), the last rows of op(A) and a tile. */
  private static final class Scratch {
    float[] panel = new float[0];
    float[] rows = new float[0];
    final float[] tile = new float[ROWS * WIDTH];

    /**
     * Copies the last {@code cols} columns of B, from {@code from}, into a panel of k rows,
     * zeros past cols.
     */
    void panel(int k, int cols, float[] b, int from, int ldb) {
      if (panel.length < k * WIDTH) {
        panel = new float[k * WIDTH];
      }
      for (int p = 0; p < k; p++) {
        int at = p * WIDTH;
        System.arraycopy(b, from + p * ldb, panel, at, cols);
        Arrays.fill(panel, at + cols, at + WIDTH, 0f);
      }
    }

    /**
     * Copies {@code count} rows of op(A) (element (r, p) at {@code start + r * rs + p * as})
     * as rows of k, with zero rows below to make six.
     */
    void lastRows(int count, int k, float[] a, int start, int rs, int as) {
      if (rows.length < ROWS * k) {
        rows = new float[ROWS * k];
      }
      for (int r = 0; r < ROWS; r++) {
        for (int p = 0; p < k; p++) {
          rows[r * k + p] = r < count ? a[start + r * rs + p * as] : 0f;
        }
      }
    }
  }
}
