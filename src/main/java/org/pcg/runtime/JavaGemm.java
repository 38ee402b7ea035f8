package org.pcg.runtime;

/**
 * Matrix product in plain Java on row-major arrays: the reference implementation of
 * {@link Gemm} and the fallback when no native BLAS loads.
 *
 * <p>It runs cache-blocked i-k-j loops whose inner loop adds four scaled rows of B to a row
 * of C. With {@code transB} each block of B is first copied transposed into a per-thread
 * buffer, so the inner loop always reads contiguous memory.
 *
 * <p>It runs at about a tenth of OpenBLAS's speed (3-6 GFLOP/s at MLP shapes): the JDK 17
 * JIT does not vectorise these loops, and a vector kernel would need the incubator module.
 */
public final class JavaGemm implements Gemm {

  /** Depth of one block of the inner dimension: 128 rows of B stay in the L2 cache. */
  private static final int K_BLOCK = 128;

  /** Width of one block of columns of C and B in the i-k-j form. */
  private static final int N_BLOCK = 512;

  /** One transposed block of B per thread, allocated on a thread's first transB product. */
  private static final ThreadLocal<double[]> DOUBLE_SCRATCH =
      ThreadLocal.withInitial(() -> new double[K_BLOCK * N_BLOCK]);

  private static final ThreadLocal<float[]> FLOAT_SCRATCH =
      ThreadLocal.withInitial(() -> new float[K_BLOCK * N_BLOCK]);

  @Override
  public String name() {
    return "java";
  }

  @Override
  public void gemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb,
      double beta, double[] c, int cOff, int ldc) {
    GemmChecks.check(transA, transB, m, n, k,
        a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
    scale(m, n, beta, c, cOff, ldc);
    if (k == 0 || alpha == 0) {
      return;
    }
    // A(i, p) is a[aOff + i * aRow + p * aCol] whether or not A is transposed.
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
      int depth = Math.min(K_BLOCK, k - p0);
      for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
        int width = Math.min(N_BLOCK, n - j0);
        int aStart = aOff + p0 * aCol;
        if (transB) {
          double[] packed = transposeBlock(b, bOff + j0 * ldb + p0, ldb, width, depth);
          rowBlock(m, width, depth, alpha, a, aStart, aRow, aCol, packed, 0, width,
              c, cOff + j0, ldc);
        } else {
          rowBlock(m, width, depth, alpha, a, aStart, aRow, aCol, b, bOff + p0 * ldb + j0, ldb,
              c, cOff + j0, ldc);
        }
      }
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
    scale(m, n, beta, c, cOff, ldc);
    if (k == 0 || alpha == 0) {
      return;
    }
    int aRow = transA ? 1 : lda;
    int aCol = transA ? lda : 1;
    for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
      int depth = Math.min(K_BLOCK, k - p0);
      for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
        int width = Math.min(N_BLOCK, n - j0);
        int aStart = aOff + p0 * aCol;
        if (transB) {
          float[] packed = transposeBlock(b, bOff + j0 * ldb + p0, ldb, width, depth);
          rowBlock(m, width, depth, alpha, a, aStart, aRow, aCol, packed, 0, width,
              c, cOff + j0, ldc);
        } else {
          rowBlock(m, width, depth, alpha, a, aStart, aRow, aCol, b, bOff + p0 * ldb + j0, ldb,
              c, cOff + j0, ldc);
        }
      }
    }
  }

  /** C *= beta; beta == 0 overwrites C, so NaN in an unset C does not survive (as in BLAS). */
  static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
    if (beta == 1) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      for (int j = row; j < row + n; j++) {
        c[j] = beta == 0 ? 0 : beta * c[j];
      }
    }
  }

  static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
    if (beta == 1) {
      return;
    }
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      for (int j = row; j < row + n; j++) {
        c[j] = beta == 0 ? 0 : beta * c[j];
      }
    }
  }

  /** C[:, block] += alpha * A[:, p-block] * B[p-block, block] in i-k-j order. */
  private static void rowBlock(
      int m, int width, int depth, double alpha,
      double[] a, int aOff, int aRow, int aCol,
      double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int aI = aOff + i * aRow;
      int cI = cOff + i * ldc;
      int p = 0;
      for (; p + 3 < depth; p += 4) {
        addScaled4(width, alpha * a[aI + p * aCol], alpha * a[aI + (p + 1) * aCol],
            alpha * a[aI + (p + 2) * aCol], alpha * a[aI + (p + 3) * aCol],
            b, bOff + p * ldb, ldb, c, cI);
      }
      for (; p < depth; p++) {
        addScaled(width, alpha * a[aI + p * aCol], b, bOff + p * ldb, c, cI);
      }
    }
  }

  private static void rowBlock(
      int m, int width, int depth, float alpha,
      float[] a, int aOff, int aRow, int aCol,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int aI = aOff + i * aRow;
      int cI = cOff + i * ldc;
      int p = 0;
      for (; p + 3 < depth; p += 4) {
        addScaled4(width, alpha * a[aI + p * aCol], alpha * a[aI + (p + 1) * aCol],
            alpha * a[aI + (p + 2) * aCol], alpha * a[aI + (p + 3) * aCol],
            b, bOff + p * ldb, ldb, c, cI);
      }
      for (; p < depth; p++) {
        addScaled(width, alpha * a[aI + p * aCol], b, bOff + p * ldb, c, cI);
      }
    }
  }

  private static void addScaled(int len, double s, double[] x, int xOff, double[] y, int yOff) {
    for (int j = 0; j < len; j++) {
      y[yOff + j] += s * x[xOff + j];
    }
  }

  private static void addScaled(int len, float s, float[] x, int xOff, float[] y, int yOff) {
    for (int j = 0; j < len; j++) {
      y[yOff + j] += s * x[xOff + j];
    }
  }

  /** Adds four scaled consecutive rows of x at once: a quarter of the loads and stores of y. */
  private static void addScaled4(
      int len, double s0, double s1, double s2, double s3,
      double[] x, int xOff, int ldx, double[] y, int yOff) {
    int x1 = xOff + ldx;
    int x2 = x1 + ldx;
    int x3 = x2 + ldx;
    for (int j = 0; j < len; j++) {
      y[yOff + j] += s0 * x[xOff + j] + s1 * x[x1 + j] + s2 * x[x2 + j] + s3 * x[x3 + j];
    }
  }

  private static void addScaled4(
      int len, float s0, float s1, float s2, float s3,
      float[] x, int xOff, int ldx, float[] y, int yOff) {
    int x1 = xOff + ldx;
    int x2 = x1 + ldx;
    int x3 = x2 + ldx;
    for (int j = 0; j < len; j++) {
      y[yOff + j] += s0 * x[xOff + j] + s1 * x[x1 + j] + s2 * x[x2 + j] + s3 * x[x3 + j];
    }
  }

  /**
   * Copies the {@code rows x cols} block of B at {@code off} transposed into this thread's
   * scratch buffer, so that B^T is read row by row like B.
   */
  private static double[] transposeBlock(double[] b, int off, int ldb, int rows, int cols) {
    double[] packed = DOUBLE_SCRATCH.get();
    for (int j = 0; j < rows; j++) {
      for (int p = 0; p < cols; p++) {
        packed[p * rows + j] = b[off + j * ldb + p];
      }
    }
    return packed;
  }

  private static float[] transposeBlock(float[] b, int off, int ldb, int rows, int cols) {
    float[] packed = FLOAT_SCRATCH.get();
    for (int j = 0; j < rows; j++) {
      for (int p = 0; p < cols; p++) {
        packed[p * rows + j] = b[off + j * ldb + p];
      }
    }
    return packed;
  }
}
