package org.pcg.runtime;

/**
 * A {@link Gemm} that computes a large product on several threads by cutting C into blocks
 * of whole rows (or whole columns, when C is short and wide) and giving each block to a
 * single-threaded inner product: the calling thread does the first block, one helper thread
 * each of the others. It also shares out loops over ranges ({@link #forRanges}), which the
 * optimizers' updates use.
 *
 * <p>Why not OpenBLAS's own threads: at the samples' shapes (64 x 784 by 784 x 256 and
 * the like) OpenBLAS 0.3.21 with two threads made pcg's MLP step slower, not faster (0.97
 * to 1.32 ms), because it wakes and joins its threads inside every call and splits small
 * products badly; see docs/performance.md. Here the helpers spin between products, so a
 * hand-over costs a few microseconds, and park after {@link #SPIN_NANOS} of idleness so an
 * idle run does not hold a core.
 *
 * <p>The spin loops leave out {@link Thread#onSpinWait}: under KVM a loop of PAUSE
 * instructions makes the host deschedule the virtual CPU (pause-loop exiting), and the MLP's
 * products then reached the helper 5 to 18 microseconds after they were posted rather than
 * 1 to 4. On a machine with hyperthreads the plain loop costs the sibling thread some speed
 * while a helper waits; pcg refuses a --threads above the number of cores.
 *
 * <p>Each element of C is the same dot product over the same k values whichever block
 * computes it, but a block can meet another of OpenBLAS's kernels (a remainder of rows, say)
 * and round differently: results agree with the unsplit product to a few ulps, not bit for
 * bit, as with OpenBLAS's own threads.
 */
public final class SplitGemm implements Gemm {

  /** Ranges shorter than this run on the calling thread alone. */
  static final int MIN_SPLIT_ELEMENTS = 1 << 14;

  /**
   * Products with fewer multiply-adds than this run on the calling thread alone: the MLP's
   * 64 x 256 x 10 products took longer cut in two (hand-over and the helper's cache misses)
   * than whole.
   */
  static final long MIN_SPLIT_WORK = 1L << 20;

  /** Block edges fall on multiples of this, so the inner kernels see whole vector widths. */
  static final int ALIGN = 16;

  /** How long a helper waits for work before it parks. */
  static final long SPIN_NANOS = 200_000;

  private final Gemm inner;
  private final long minWork;
  private final int align;
  private final SplitHelper[] helpers;
  /** The calling thread's block; it and the two fields below are guarded by this. */
  private final Job own = new Job();
  private boolean byRows;
  private int length;

  /**
   * {@code inner} on {@code threads} threads, splitting products of at least
   * {@code minWork} multiply-adds at multiples of {@code align}; tests use small values to
   * split small products.
   */
  SplitGemm(Gemm inner, int threads, long minWork, int align) {
    this.inner = inner;
    this.minWork = minWork;
    this.align = align;
    this.helpers = new SplitHelper[threads - 1];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = new SplitHelper(inner, "pcg-gemm-" + (i + 1));
    }
  }

  /**
   * {@code inner} on {@code threads} threads, or {@code inner} itself for one thread. The
   * helper threads are daemons and live as long as the JVM.
   */
  public static Gemm over(Gemm inner, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    return threads == 1 ? inner : new SplitGemm(inner, threads, MIN_SPLIT_WORK, ALIGN);
  }

  /** The implementation each block goes to. */
  public Gemm inner() {
    return inner;
  }

  /** The threads a product is shared between, the caller's included. */
  public int threads() {
    return helpers.length + 1;
  }

  @Override
  public String name() {
    return inner.name() + ", products split over " + (helpers.length + 1) + " threads";
  }

  @Override
  public synchronized void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    int count = cut(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb,
        c.length, cOff, ldc);
    if (count < 2) {
      inner.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
          beta, c, cOff, ldc);
      return;
    }
    for (int i = 0; i < count; i++) {
      job(i).setDouble(alpha, a, b, beta, c);
    }
    runJobs(count);
  }

  @Override
  public synchronized void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    int count = cut(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb,
        c.length, cOff, ldc);
    if (count < 2) {
      inner.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
          beta, c, cOff, ldc);
      return;
    }
    for (int i = 0; i < count; i++) {
      job(i).setFloat(alpha, a, b, beta, c);
    }
    runJobs(count);
  }

  /**
   * Runs {@code task} over {@code [0, length)} cut into one block per thread at multiples
   * of {@link #ALIGN}, the first block on the calling thread; a short range runs here whole.
   * The blocks must be independent: no block may read what another writes.
   */
  public synchronized void forRanges(int length, Ranges task) {
    int count = length < MIN_SPLIT_ELEMENTS ? 1 : Math.min(helpers.length + 1, length / align);
    if (count < 2) {
      task.run(0, length);
      return;
    }
    byRows = true;
    this.length = length;
    for (int i = 0; i < count; i++) {
      Job job = job(i);
      job.ranges = task;
      job.from = start(i, count);
      job.to = start(i + 1, count);
    }
    runJobs(count);
  }

  /**
   * Checks the operands and cuts the product into blocks, giving each block's shape to its
   * job; returns the number of blocks, below 2 when the product is not worth sharing.
   */
  private int cut(boolean transA, boolean transB, int m, int n, int k, int aLength,
      int aOff, int lda, int bLength, int bOff, int ldb, int cLength, int cOff, int ldc) {
    GemmChecks.check(transA, transB, m, n, k, aLength, aOff, lda, bLength, bOff, ldb,
        cLength, cOff, ldc);
    int count = plan(m, n, k);
    if (count > 1) {
      for (int i = 0; i < count; i++) {
        job(i).setShape(transA, transB, m, n, k, aOff, lda, bOff, ldb, cOff, ldc);
        job(i).cut(byRows, start(i, count), start(i + 1, count));
      }
    }
    return count;
  }

  /** Block {@code i}'s job: the calling thread's for block 0, else a helper's. */
  private Job job(int i) {
    return i == 0 ? own : helpers[i - 1].job;
  }

  /**
   * Into how many blocks an m x n result over k is cut (below 2: not at all); sets
   * {@link #byRows} and {@link #length} for {@link #start}. Fields rather than a returned
   * object, so that a product allocates nothing.
   */
  private int plan(int m, int n, int k) {
    // An empty product has nothing to share, and a block's offset could point past it.
    if (m == 0 || n == 0 || k == 0 || (long) m * n * k < minWork) {
      return 1;
    }
    // Measured on the MLP's shapes: cutting the 256 x 784 weight gradient into columns
    // made its halves 1.5x slower than cutting rows (each half of C is then one contiguous
    // block), while the 64-row forward products ran faster cut into columns than into
    // 32-row halves.
    byRows = m >= n || m >= 8 * align;
    length = byRows ? m : n;
    return Math.min(helpers.length + 1, length / align);
  }

  /** Where block {@code i} of {@code count} starts along the cut: a multiple of align. */
  private int start(int i, int count) {
    if (i >= count) {
      return length;
    }
    long even = (long) length * i / count;
    return (int) (even / align * align);
  }

  /**
   * Hands blocks 1 .. count-1 to the helpers, computes block 0 here, waits for the
   * helpers and rethrows the first failure any of them had.
   */
  private void runJobs(int count) {
    for (int i = 1; i < count; i++) {
      helpers[i - 1].post();
    }
    own.run(inner);
    own.clear();
    RuntimeException failure = null;
    for (int i = 1; i < count; i++) {
      RuntimeException f = helpers[i - 1].await();
      failure = failure == null ? f : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A block of work over a range of indices; see {@link #forRanges}. */
  @FunctionalInterface
  public interface Ranges {
    void run(int from, int to);
  }

  /** One block's product: the shape and offsets, and the operands of the current call. */
  static final class Job {
    /** Set for a range job, which runs {@code ranges.run(from, to)}; null for a product. */
    Ranges ranges;
    int from;
    int to;
    boolean transA;
    boolean transB;
    boolean isFloat;
    int m;
    int n;
    int k;
    int aOff;
    int lda;
    int bOff;
    int ldb;
    int cOff;
    int ldc;
    double alphaD;
    double betaD;
    double[] aD;
    double[] bD;
    double[] cD;
    float alphaF;
    float betaF;
    float[] aF;
    float[] bF;
    float[] cF;

    void setShape(boolean transA, boolean transB, int m, int n, int k,
        int aOff, int lda, int bOff, int ldb, int cOff, int ldc) {
      this.transA = transA;
      this.transB = transB;
      this.m = m;
      this.n = n;
      this.k = k;
      this.aOff = aOff;
      this.lda = lda;
      this.bOff = bOff;
      this.ldb = ldb;
      this.cOff = cOff;
      this.ldc = ldc;
    }

    /**
     * Narrows the product to rows (or columns) {@code from} to {@code to} of C. A row block
     * starts at a later row of C and of op(A); a column block at a later column of C and of
     * op(B); how far that is in the array depends on whether the operand is transposed.
     */
    void cut(boolean byRows, int from, int to) {
      if (byRows) {
        m = to - from;
        aOff += transA ? from : from * lda;
        cOff += from * ldc;
      } else {
        n = to - from;
        bOff += transB ? from * ldb : from;
        cOff += from;
      }
    }

    void setDouble(double alpha, double[] a, double[] b, double beta, double[] c) {
      isFloat = false;
      alphaD = alpha;
      aD = a;
      bD = b;
      betaD = beta;
      cD = c;
    }

    void setFloat(float alpha, float[] a, float[] b, float beta, float[] c) {
      isFloat = true;
      alphaF = alpha;
      aF = a;
      bF = b;
      betaF = beta;
      cF = c;
    }

    void run(Gemm gemm) {
      if (ranges != null) {
        ranges.run(from, to);
      } else if (isFloat) {
        gemm.gemm(transA, transB, m, n, k, alphaF, aF, aOff, lda, bF, bOff, ldb,
            betaF, cF, cOff, ldc);
      } else {
        gemm.gemm(transA, transB, m, n, k, alphaD, aD, aOff, lda, bD, bOff, ldb,
            betaD, cD, cOff, ldc);
      }
    }

    /** Drops the operands, so an idle helper does not keep a finished model's arrays. */
    void clear() {
      ranges = null;
      aD = bD = cD = null;
      aF = bF = cF = null;
    }
  }
}
