package org.pcg.runtime;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Matrix product through dev.ludovic.netlib, which binds the system's {@code libblas.so.3}
 * (native OpenBLAS when the Debian package libopenblas0-pthread is installed) and otherwise
 * falls back to its own Java BLAS.
 *
 * <p>BLAS is column-major. A row-major m x n matrix is, in the same memory, its column-major
 * transpose, so row-major {@code C = op(A) op(B)} is computed as column-major
 * {@code C^T = op(B)^T op(A)^T}: the operands swap places and keep their flags and strides.
 *
 * <p>A product that overwrites C ({@code beta == 0}) zeroes C here and asks OpenBLAS to add:
 * OpenBLAS 0.3.21's own zeroing pass made such products 1.0-1.4x slower than a fill plus
 * {@code beta = 1} at the shapes of the samples (64x784 by 784x256 and the like).
 *
 * <p>netlib 3.0.3 checks that each matrix's last column (in its column-major terms) is
 * padded to the full leading dimension, which a block cut from the middle of a matrix is
 * not, though BLAS never reads the padding; {@link SplitGemm} passes such blocks. So, after
 * {@link GemmChecks} has checked the exact extents, the product goes to the implementation's
 * unchecked {@code dgemmK}/{@code sgemmK}, the protected hook netlib's public methods call
 * after their own checks. Should a later netlib lack the hook, the public methods are used
 * and split products over a whole array are refused with netlib's index error.
 */
public final class NetlibGemm implements Gemm {

  /**
   * netlib's instance builder warns on stderr about every implementation it fails to load,
   * including its JDK 16+ vector one that needs an incubator module; held here so the quieter
   * level is not lost when the logger is collected.
   */
  private static final Logger NETLIB_LOG =
      Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");

  private static final MethodType DGEMM = MethodType.methodType(void.class, BLAS.class,
      String.class, String.class, int.class, int.class, int.class, double.class,
      double[].class, int.class, int.class, double[].class, int.class, int.class,
      double.class, double[].class, int.class, int.class);

  private static final MethodType SGEMM = MethodType.methodType(void.class, BLAS.class,
      String.class, String.class, int.class, int.class, int.class, float.class,
      float[].class, int.class, int.class, float[].class, int.class, int.class,
      float.class, float[].class, int.class, int.class);

  private final BLAS blas;
  /** The unchecked products, or null to use {@link #blas}'s public, checked ones. */
  private final MethodHandle dgemmK;
  private final MethodHandle sgemmK;

  private NetlibGemm(BLAS blas) {
    this.blas = blas;
    this.dgemmK = uncheckedProduct(blas, "dgemmK", DGEMM);
    this.sgemmK = uncheckedProduct(blas, "sgemmK", SGEMM);
  }

  /** netlib's protected {@code name} method on {@code blas}'s class, or null. */
  private static MethodHandle uncheckedProduct(BLAS blas, String name, MethodType type) {
    Class<?>[] parameters = type.dropParameterTypes(0, 1).parameterArray();
    for (Class<?> c = blas.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Method method = c.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return MethodHandles.lookup().unreflect(method).asType(type);
      } catch (NoSuchMethodException e) {
        // declared higher up, if at all
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Loads netlib's BLAS and checks it on a small product; empty when anything goes wrong, so
   * the caller can fall back to {@link JavaGemm}.
   */
  public static Optional<NetlibGemm> load() {
    Level saved = NETLIB_LOG.getLevel();
    NETLIB_LOG.setLevel(Level.SEVERE);
    try {
      NetlibGemm gemm = new NetlibGemm(BLAS.getInstance());
      return gemm.selfCheck() ? Optional.of(gemm) : Optional.empty();
    } catch (LinkageError | RuntimeException e) {
      return Optional.empty();
    } finally {
      NETLIB_LOG.setLevel(saved);
    }
  }

  /** True when the calls go to a native library rather than netlib's Java BLAS. */
  public boolean isNative() {
    return blas instanceof NativeBLAS;
  }

  /**
   * True when the calls go to netlib's kernels written with the Vector API, which it uses
   * when the JVM runs with {@code --add-modules jdk.incubator.vector}.
   */
  public boolean isVector() {
    return blas.getClass().getSimpleName().startsWith("Vector");
  }

  @Override
  public String name() {
    return isNative() ? "netlib-native" : isVector() ? "netlib-vector" : "netlib-java";
  }

  @Override
  public void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    GemmChecks.check(transA, transB, m, n, k,
        a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    if (k == 0) {
      // netlib rejects the empty arrays a product over nothing may legitimately come with.
      JavaGemm.scale(m, n, beta, c, cOff, ldc);
      return;
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (beta == 0) {
      zero(m, n, c, cOff, ldc);
    }
    double b1 = beta == 0 ? 1.0 : beta;
    if (dgemmK == null) {
      blas.dgemm(flag(transB), flag(transA), n, m, k,
          alpha, b, bOff, ldb, a, aOff, lda, b1, c, cOff, ldc);
      return;
    }
    try {
      dgemmK.invokeExact(blas, flag(transB), flag(transA), n, m, k,
          alpha, b, bOff, ldb, a, aOff, lda, b1, c, cOff, ldc);
    } catch (Throwable e) {
      throw rethrown(e);
    }
  }

  @Override
  public void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    GemmChecks.check(transA, transB, m, n, k,
        a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    if (k == 0) {
      // netlib rejects the empty arrays a product over nothing may legitimately come with.
      JavaGemm.scale(m, n, beta, c, cOff, ldc);
      return;
    }
    if (m == 0 || n == 0) {
      return;
    }
    if (beta == 0) {
      zero(m, n, c, cOff, ldc);
    }
    float b1 = beta == 0 ? 1f : beta;
    if (sgemmK == null) {
      blas.sgemm(flag(transB), flag(transA), n, m, k,
          alpha, b, bOff, ldb, a, aOff, lda, b1, c, cOff, ldc);
      return;
    }
    try {
      sgemmK.invokeExact(blas, flag(transB), flag(transA), n, m, k,
          alpha, b, bOff, ldb, a, aOff, lda, b1, c, cOff, ldc);
    } catch (Throwable e) {
      throw rethrown(e);
    }
  }

  /** Zeroes the m x n block of C, in one fill when its rows are contiguous. */
  private static void zero(int m, int n, double[] c, int cOff, int ldc) {
    int rows = ldc == n ? 1 : m;
    int width = ldc == n ? m * n : n;
    for (int i = 0; i < rows; i++) {
      Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + width, 0.0);
    }
  }

  private static void zero(int m, int n, float[] c, int cOff, int ldc) {
    int rows = ldc == n ? 1 : m;
    int width = ldc == n ? m * n : n;
    for (int i = 0; i < rows; i++) {
      Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + width, 0f);
    }
  }

  /** What a product threw, unchanged when unchecked; else wrapped. */
  private static RuntimeException rethrown(Throwable e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new IllegalStateException("netlib product failed", e);
  }

  private static String flag(boolean trans) {
    return trans ? "T" : "N";
  }

  /** [1 2; 3 4] times [5 6; 7 8] is [19 22; 43 50], with B stored transposed or not. */
  private boolean selfCheck() {
    double[] a = {1, 2, 3, 4};
    double[] b = {5, 7, 6, 8};
    double[] c = new double[4];
    gemm(false, true, 2, 2, 2, 1.0, a, 0, 2, b, 0, 2, 0.0, c, 0, 2);
    float[] cf = new float[4];
    gemm(false, false, 2, 2, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2,
        new float[] {5, 6, 7, 8}, 0, 2, 0f, cf, 0, 2);
    double[] want = {19, 22, 43, 50};
    for (int i = 0; i < 4; i++) {
      if (c[i] != want[i] || cf[i] != want[i]) {
        return false;
      }
    }
    return true;
  }
}
