package org.pcg.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm}'s products C = A B^T, whose B^T it would have to copy for its tile
 * kernel: here as dot products of rows of A and rows of B, both contiguous.
 */
final class VectorDots {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Rows of A and of B in a tile of dot products; its 16 sums fill C's 4 x 4 block. */
  static final int DOT = 4;

  private VectorDots() {}

  /**
   * C = A B^T with both read where they lie: every element of C is a dot product of a row
   * of A and a row of B, both contiguous. Tiles of 4 x 4 of them share their loads, one
   * vector of steps at a time; steps past the last whole vector are added one by one. A
   * tile past the last row or column repeats the last one and stores only what is in C.
   * Copying B^T into panels for the tile kernel took as long as the product at the MLP's
   * first layer (64 x 784 by 784 x 256).
   */
  static void products(int m, int n, int k, float alpha, float[] a, int aOff,
      int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] sums) {
    for (int i0 = 0; i0 < m; i0 += DOT) {
      int rows = Math.min(DOT, m - i0);
      int a0 = aOff + i0 * lda;
      int a1 = aOff + Math.min(i0 + 1, m - 1) * lda;
      int a2 = aOff + Math.min(i0 + 2, m - 1) * lda;
      int a3 = aOff + Math.min(i0 + 3, m - 1) * lda;
      for (int j0 = 0; j0 < n; j0 += DOT) {
        int cols = Math.min(DOT, n - j0);
        int b0 = bOff + j0 * ldb;
        int b1 = bOff + Math.min(j0 + 1, n - 1) * ldb;
        int b2 = bOff + Math.min(j0 + 2, n - 1) * ldb;
        int b3 = bOff + Math.min(j0 + 3, n - 1) * ldb;
        dotTile(k, a, a0, a1, a2, a3, b, b0, b1, b2, b3, sums);
        if (k % LANES != 0) {
          addTails(k - k % LANES, k, a, a0, lda, rows, b, b0, ldb, cols, sums);
        }
        VectorGemm.store(rows, cols, DOT, alpha, sums, beta, c, cOff + i0 * ldc + j0, ldc);
      }
    }
  }

  /** The 4 x 4 dot products of rows a0..a3 with rows b0..b3 over k steps, into sums. */
  private static void dotTile(int k, float[] a, int a0, int a1, int a2, int a3, float[] b,
      int b0, int b1, int b2, int b3, float[] sums) {
    FloatVector s00 = FloatVector.zero(SPECIES);
    FloatVector s01 = FloatVector.zero(SPECIES);
    FloatVector s02 = FloatVector.zero(SPECIES);
    FloatVector s03 = FloatVector.zero(SPECIES);
    FloatVector s10 = FloatVector.zero(SPECIES);
    FloatVector s11 = FloatVector.zero(SPECIES);
    FloatVector s12 = FloatVector.zero(SPECIES);
    FloatVector s13 = FloatVector.zero(SPECIES);
    FloatVector s20 = FloatVector.zero(SPECIES);
    FloatVector s21 = FloatVector.zero(SPECIES);
    FloatVector s22 = FloatVector.zero(SPECIES);
    FloatVector s23 = FloatVector.zero(SPECIES);
    FloatVector s30 = FloatVector.zero(SPECIES);
    FloatVector s31 = FloatVector.zero(SPECIES);
    FloatVector s32 = FloatVector.zero(SPECIES);
    FloatVector s33 = FloatVector.zero(SPECIES);
    int whole = k - k % LANES;
    // Written out, as in VectorGemm.kernel: sums held in an array of vectors would not stay
    // in registers but become objects.
    for (int p = 0; p < whole; p += LANES) {
      FloatVector y0 = FloatVector.fromArray(SPECIES, b, b0 + p);
      FloatVector y1 = FloatVector.fromArray(SPECIES, b, b1 + p);
      FloatVector y2 = FloatVector.fromArray(SPECIES, b, b2 + p);
      FloatVector y3 = FloatVector.fromArray(SPECIES, b, b3 + p);
      FloatVector x = FloatVector.fromArray(SPECIES, a, a0 + p);
      s00 = x.fma(y0, s00);
      s01 = x.fma(y1, s01);
      s02 = x.fma(y2, s02);
      s03 = x.fma(y3, s03);
      x = FloatVector.fromArray(SPECIES, a, a1 + p);
      s10 = x.fma(y0, s10);
      s11 = x.fma(y1, s11);
      s12 = x.fma(y2, s12);
      s13 = x.fma(y3, s13);
      x = FloatVector.fromArray(SPECIES, a, a2 + p);
      s20 = x.fma(y0, s20);
      s21 = x.fma(y1, s21);
      s22 = x.fma(y2, s22);
      s23 = x.fma(y3, s23);
      x = FloatVector.fromArray(SPECIES, a, a3 + p);
      s30 = x.fma(y0, s30);
      s31 = x.fma(y1, s31);
      s32 = x.fma(y2, s32);
      s33 = x.fma(y3, s33);
    }
    reduceRow(sums, 0, s00, s01, s02, s03);
    reduceRow(sums, DOT, s10, s11, s12, s13);
    reduceRow(sums, 2 * DOT, s20, s21, s22, s23);
    reduceRow(sums, 3 * DOT, s30, s31, s32, s33);
  }

  /** The lane sums of one row of a tile of dot products, into sums from {@code at}. */
  private static void reduceRow(float[] sums, int at, FloatVector s0, FloatVector s1,
      FloatVector s2, FloatVector s3) {
    sums[at] = s0.reduceLanes(VectorOperators.ADD);
    sums[at + 1] = s1.reduceLanes(VectorOperators.ADD);
    sums[at + 2] = s2.reduceLanes(VectorOperators.ADD);
    sums[at + 3] = s3.reduceLanes(VectorOperators.ADD);
  }

  /** Adds the steps from {@code from} on, one by one, to the dot products in C's tile. */
  private static void addTails(int from, int k, float[] a, int aRow, int lda, int rows,
      float[] b, int bRow, int ldb, int cols, float[] sums) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int x = aRow + r * lda;
        int y = bRow + c * ldb;
        float t = 0;
        for (int p = from; p < k; p++) {
          t = Math.fma(a[x + p], b[y + p], t);
        }
        sums[r * DOT + c] += t;
      }
    }
  }
}
