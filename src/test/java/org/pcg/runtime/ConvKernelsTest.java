package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * im2col and col2im against the definition, element by element, over geometries with and
 * without padding, strides above 1, and kernels that overhang every edge of the image.
 */
class ConvKernelsTest {

  /** The sample's image sits this far into its array, as a later sample's would. */
  private static final int OFFSET = 7;

  @ParameterizedTest(name = "c={0} h={1} w={2} kernel {3}x{4} stride {5} pad {6}")
  @CsvSource({
      "1, 28, 28, 5, 5, 1, 2",
      "6, 14, 14, 5, 5, 1, 0",
      "1, 28, 28, 3, 3, 2, 1",
      "2, 5, 7, 3, 2, 2, 0",
      "3, 4, 4, 3, 3, 1, 3",
      "1, 1, 1, 5, 5, 1, 2",
      "2, 6, 5, 4, 4, 3, 2"})
  void columnsHoldTheWindowsAndAddBack(int c, int h, int w, int kh, int kw, int stride,
      int pad) {
    int outH = ConvKernels.outLength(h, kh, stride, pad);
    int outW = ConvKernels.outLength(w, kw, stride, pad);
    int rows = c * kh * kw;
    int positions = outH * outW;
    SplittableRandom random = new SplittableRandom(c * 1000L + h * 10L + stride);
    double[] x = randoms(OFFSET + c * h * w, random);
    double[] cols = randoms(OFFSET + rows * positions, random);
    ConvKernels.im2col(c, h, w, kh, kw, stride, pad, x, OFFSET, cols, OFFSET);

    double[] dx = randoms(OFFSET + c * h * w, random);
    double[] expectedDx = dx.clone();
    ConvKernels.col2im(c, h, w, kh, kw, stride, pad, cols, OFFSET, dx, OFFSET);
    for (int q = 0; q < rows; q++) {
      for (int oh = 0; oh < outH; oh++) {
        for (int ow = 0; ow < outW; ow++) {
          int ih = oh * stride + q / kw % kh - pad;
          int iw = ow * stride + q % kw - pad;
          boolean inside = ih >= 0 && ih < h && iw >= 0 && iw < w;
          int at = OFFSET + ((q / (kh * kw)) * h + ih) * w + iw;
          double col = cols[OFFSET + q * positions + oh * outW + ow];
          assertThat(col).isEqualTo(inside ? x[at] : 0.0);
          if (inside) {
            expectedDx[at] += col;
          }
        }
      }
    }
    assertThat(dx).containsExactly(expectedDx, org.assertj.core.data.Offset.offset(1e-12));
  }

  @ParameterizedTest(name = "float: kernel {0}x{0} stride {1} pad {2}")
  @CsvSource({"5, 1, 2", "3, 2, 1"})
  void floatColumnsMatchDoubleColumns(int k, int stride, int pad) {
    int c = 2;
    int h = 9;
    int positions = ConvKernels.outLength(h, k, stride, pad)
        * ConvKernels.outLength(h, k, stride, pad);
    double[] x = randoms(c * h * h, new SplittableRandom(k));
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) x[i];
      xf[i] = (float) x[i];
    }
    double[] cols = new double[c * k * k * positions];
    float[] colsF = new float[cols.length];
    ConvKernels.im2col(c, h, h, k, k, stride, pad, x, 0, cols, 0);
    ConvKernels.im2col(c, h, h, k, k, stride, pad, xf, 0, colsF, 0);
    for (int i = 0; i < cols.length; i++) {
      assertThat((double) colsF[i]).isEqualTo(cols[i]);
    }
    double[] dx = new double[x.length];
    float[] dxF = new float[x.length];
    ConvKernels.col2im(c, h, h, k, k, stride, pad, cols, 0, dx, 0);
    ConvKernels.col2im(c, h, h, k, k, stride, pad, colsF, 0, dxF, 0);
    for (int i = 0; i < dx.length; i++) {
      assertThat((double) dxF[i]).isCloseTo(dx[i], org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  private static double[] randoms(int n, SplittableRandom random) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() - 0.5;
    }
    return x;
  }
}
