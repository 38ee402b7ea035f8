package org.pcg.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The numeric kernels generated code calls. Matrix products go to the current {@link Gemm}:
 * netlib's BLAS when it is native OpenBLAS (or netlib's Vector API kernels), else
 * {@link JavaGemm}; float ones to {@link VectorGemm} where the JVM allows. The system
 * property {@code pcg.gemm} ({@code java}, {@code netlib} or {@code vector}) forces a
 * choice.
 *
 * <p>The small elementwise helpers exist for generated code that prefers a call to an inlined
 * loop; none of them allocates.
 */
public final class Kernels {

  private static volatile Gemm current = defaultGemm();
  /** The split {@link #useThreads} made last, kept so that its threads are reused. */
  private static SplitGemm lastSplit;

  private Kernels() {}

  /** The implementation matrix products go to now. */
  public static Gemm current() {
    return current;
  }

  /**
   * Shares later matrix products, and the ranges given to {@link #forRanges}, out over
   * {@code threads} threads ({@link SplitGemm}) around the current implementation; 1 undoes
   * an earlier split. Asking twice for the same count keeps the same helper threads.
   */
  public static synchronized void useThreads(int threads) {
    Gemm base = current instanceof SplitGemm split ? split.inner() : current;
    if (lastSplit != null && lastSplit.inner() == base && lastSplit.threads() == threads) {
      current = lastSplit;
      return;
    }
    current = SplitGemm.over(base, threads);
    if (current instanceof SplitGemm split) {
      lastSplit = split;
    }
  }

  /**
   * Has the JIT compile the current implementation's kernels, where they are the Vector
   * API's ({@link VectorGemm#startWarmUp}), on a thread of their own; for start-up.
   */
  public static void startWarmUp() {
    VectorGemm vector = vectorGemm();
    if (vector != null) {
      vector.startWarmUp();
    }
  }

  /**
   * Whether float products run in the Vector API ({@link VectorGemm}) now, also while a
   * {@link GemmTrace} records them (so that it records the products the step makes).
   */
  static boolean vectorProducts() {
    return vectorGemm() != null;
  }

  /** The VectorGemm behind the current gemm (under a recorder or a split), or null. */
  private static VectorGemm vectorGemm() {
    Gemm gemm = GemmTrace.recorded(current);
    gemm = gemm instanceof SplitGemm split ? split.inner() : gemm;
    return gemm instanceof VectorGemm vector ? vector : null;
  }

  /** Sends all later matrix products to {@code gemm}. */
  public static void use(Gemm gemm) {
    current = Objects.requireNonNull(gemm, "gemm");
  }

  /** {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays; see {@link Gemm}. */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    current.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
        beta, c, cOff, ldc);
  }

  /** {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays; see {@link Gemm}. */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    current.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
        beta, c, cOff, ldc);
  }

  /** Sets {@code len} elements of {@code x} from {@code off} to {@code value}. */
  public static void fill(double[] x, int off, int len, double value) {
    Arrays.fill(x, off, off + len, value);
  }

  /** Sets {@code len} elements of {@code x} from {@code off} to {@code value}. */
  public static void fill(float[] x, int off, int len, float value) {
    Arrays.fill(x, off, off + len, value);
  }

  /** Copies {@code len} elements; the ranges may overlap. */
  public static void copy(int len, double[] src, int srcOff, double[] dst, int dstOff) {
    System.arraycopy(src, srcOff, dst, dstOff, len);
  }

  /** Copies {@code len} elements; the ranges may overlap. */
  public static void copy(int len, float[] src, int srcOff, float[] dst, int dstOff) {
    System.arraycopy(src, srcOff, dst, dstOff, len);
  }

  /**
   * ReLU's gradient: {@code g} where {@code x > 0}, else +0, the very bits of
   * {@code x > 0 ? g : 0} (a NaN x gives 0, a -0 x gives 0) without a branch. Written as a
   * conditional, the JIT kept a branch when its profile said the sign was predictable, and
   * on real activations, half of them negative at random, LeNet-5's first ReLU gradient
   * (301,056 elements) took 1.3 ms mispredicting instead of 0.13-0.17 ms this way.
   */
  public static float reluGrad(float x, float g) {
    // x > 0 exactly when its bits, less one, lie in [0, bits of +infinity): one unsigned
    // comparison, done as a sign bit that is spread into a mask of 32 ones or zeros.
    int t = Float.floatToRawIntBits(x) - 1;
    int keep = ((t - 0x7f800000) & ~t) >> 31;
    return Float.intBitsToFloat(Float.floatToRawIntBits(g) & keep);
  }

  /**
   * {@code at} when {@code v > best}, else {@code where}, without a branch: the sign of
   * {@code best - v} becomes a mask of 32 ones or zeros that selects. Equal values keep
   * {@code where} (the earlier element). With a NaN either index may come back.
   */
  public static int indexIfAbove(float v, float best, int at, int where) {
    int above = Float.floatToRawIntBits(best - v) >> 31;
    return where ^ ((where ^ at) & above);
  }

  /** {@link #indexIfAbove(float, float, int, int)} in double. */
  public static int indexIfAbove(double v, double best, int at, int where) {
    int above = (int) (Double.doubleToRawLongBits(best - v) >> 63);
    return where ^ ((where ^ at) & above);
  }

  /** ReLU's gradient in double; see {@link #reluGrad(float, float)}. */
  public static double reluGrad(double x, double g) {
    long t = Double.doubleToRawLongBits(x) - 1;
    long keep = ((t - 0x7ff0000000000000L) & ~t) >> 63;
    return Double.longBitsToDouble(Double.doubleToRawLongBits(g) & keep);
  }

  /**
   * Runs {@code task} over {@code [0, length)}: shared out between threads when products
   * are ({@link SplitGemm}), else here in one piece. The task's blocks must be independent.
   */
  public static void forRanges(int length, SplitGemm.Ranges task) {
    if (current instanceof SplitGemm split) {
      split.forRanges(length, task);
    } else {
      task.run(0, length);
    }
  }

  /** {@code y += alpha * x} over {@code len} elements. */
  public static void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
    for (int i = 0; i < len; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  /** {@code y += alpha * x} over {@code len} elements. */
  public static void axpy(int len, float alpha, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < len; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  /**
   * The sum of {@code len} elements of {@code x} from {@code off}, in eight interleaved
   * partial sums: a sequential sum waits on each addition's latency, these run in parallel.
   */
  public static double sum(int len, double[] x, int off) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int i = off;
    for (int end = off + len - 7; i < end; i += 8) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
      s4 += x[i + 4];
      s5 += x[i + 5];
      s6 += x[i + 6];
      s7 += x[i + 7];
    }
    for (; i < off + len; i++) {
      s0 += x[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * The sum of {@code len} elements of {@code x} from {@code off}, in eight interleaved
   * partial sums: a sequential sum waits on each addition's latency, these run in parallel.
   */
  public static float sum(int len, float[] x, int off) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int i = off;
    for (int end = off + len - 7; i < end; i += 8) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
      s4 += x[i + 4];
      s5 += x[i + 5];
      s6 += x[i + 6];
      s7 += x[i + 7];
    }
    for (; i < off + len; i++) {
      s0 += x[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * Column sums of a row-major {@code rows x cols} block, as a bias gradient needs:
   * {@code y[j] = alpha * sum_i x[i][j] + beta * y[j]}. As in gemm, {@code beta == 0}
   * overwrites y without reading it.
   */
  public static void sumRows(
      int rows, int cols, double alpha, double[] x, int xOff, int ldx,
      double beta, double[] y, int yOff) {
    for (int j = yOff; j < yOff + cols; j++) {
      y[j] = beta == 0 ? 0 : beta * y[j];
    }
    for (int i = 0; i < rows; i++) {
      axpy(cols, alpha, x, xOff + i * ldx, y, yOff);
    }
  }

  /**
   * Column sums of a row-major {@code rows x cols} block, as a bias gradient needs:
   * {@code y[j] = alpha * sum_i x[i][j] + beta * y[j]}. As in gemm, {@code beta == 0}
   * overwrites y without reading it.
   */
  public static void sumRows(
      int rows, int cols, float alpha, float[] x, int xOff, int ldx,
      float beta, float[] y, int yOff) {
    for (int j = yOff; j < yOff + cols; j++) {
      y[j] = beta == 0 ? 0 : beta * y[j];
    }
    for (int i = 0; i < rows; i++) {
      axpy(cols, alpha, x, xOff + i * ldx, y, yOff);
    }
  }

  /**
   * Native OpenBLAS through netlib when it loads; else netlib's Vector API kernels when the
   * JVM was given the incubator module; else {@link JavaGemm}, which outran netlib's plain
   * Java BLAS (5 against 4 GFLOP/s at the MLP's shapes). Float products go to
   * {@link VectorGemm} instead when the JVM has the incubator module and vectors of at least
   * 512 bits, where it outran OpenBLAS's AVX2 kernels 2 to 1 (bin/pcg gives the module).
   * See docs/performance.md.
   */
  private static Gemm defaultGemm() {
    String choice = System.getProperty("pcg.gemm", "auto").toLowerCase(Locale.ROOT);
    if (!List.of("auto", "java", "netlib", "vector").contains(choice)) {
      // A system property has no command to report through; a typo must not pass unseen.
      System.err.println("pcg: -Dpcg.gemm=" + choice + " is not one of auto, java, netlib,"
          + " vector; using auto");
      choice = "auto";
    }
    if (choice.equals("vector") && !vectorModule()) {
      System.err.println("pcg: -Dpcg.gemm=vector needs the JVM option --add-modules"
          + " jdk.incubator.vector (bin/pcg gives it); using auto");
    }
    if (choice.equals("java")) {
      return new JavaGemm();
    }
    // "netlib" takes netlib whatever it loaded; "auto" and "vector" only a fast one.
    boolean any = choice.equals("netlib");
    Gemm blas = NetlibGemm.load().filter(g -> any || g.isNative() || g.isVector())
        .<Gemm>map(g -> g).orElseGet(JavaGemm::new);
    boolean vector = choice.equals("vector") || choice.equals("auto") && wideVectors();
    return vector && vectorModule() ? new VectorGemm(blas) : blas;
  }

  /** Whether the Vector API's module is in this JVM (bin/pcg adds it). */
  private static boolean vectorModule() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** Whether the JIT's vectors hold 16 floats or more; VectorGemm is loaded only if so. */
  private static boolean wideVectors() {
    return vectorModule() && VectorGemm.lanes() >= 16;
  }
}
