package org.pcg.runtime;

/**
 * The data movement of a convolution done as a matrix product, one sample at a time:
 * im2col lays the input windows out as columns, col2im adds the columns' gradient back.
 *
 * <p>An image is {@code c x h x w}, row-major. Its columns form a {@code [c kh kw][P]}
 * matrix, P = outH * outW: row q = (channel, ki, kj) of the window, column p = (oh, ow) of
 * the output, holding input element (oh * stride + ki - pad, ow * stride + kj - pad) or zero
 * where that falls in the padding. Each output row is one run of an input row between
 * zeroed edges, found once per window row, so the loops carry no bounds tests. Nothing here
 * allocates.
 */
public final class ConvKernels {

  private ConvKernels() {}

  /** The output length along an axis of {@code in} elements. */
  static int outLength(int in, int kernel, int stride, int pad) {
    return (in + 2 * pad - kernel) / stride + 1;
  }

  /** Fills the columns of the image at {@code xOff} into {@code cols} from {@code colsOff}. */
  public static void im2col(int c, int h, int w, int kh, int kw, int stride, int pad,
      float[] x, int xOff, float[] cols, int colsOff) {
    int outH = outLength(h, kh, stride, pad);
    int outW = outLength(w, kw, stride, pad);
    for (int q = 0; q < c * kh * kw; q++) {
      int kj = q % kw;
      int lo = firstInside(kj, outW, stride, pad);
      int hi = Math.max(lo, endInside(kj, outW, w, stride, pad));
      int dst = colsOff + q * outH * outW;
      int src = xOff + q / (kh * kw) * h * w + lo * stride + kj - pad;
      for (int oh = 0; oh < outH; oh++, dst += outW) {
        int ih = oh * stride + q / kw % kh - pad;
        boolean inside = ih >= 0 && ih < h;
        windowRow(x, src + ih * w, stride, cols, dst, inside ? lo : outW, inside ? hi : outW,
            outW);
      }
    }
  }

  /**
   * One row of columns: zeros before {@code lo} and from {@code hi} to {@code outW}, and
   * between them every stride-th element of the input row from {@code src}.
   */
  private static void windowRow(float[] x, int src, int stride, float[] cols, int dst, int lo,
      int hi, int outW) {
    for (int i = 0; i < lo; i++) {
      cols[dst + i] = 0;
    }
    if (stride == 1 && hi > lo) {
      System.arraycopy(x, src, cols, dst + lo, hi - lo);
    } else if (stride > 1) {
      for (int i = lo; i < hi; i++) {
        cols[dst + i] = x[src + (i - lo) * stride];
      }
    }
    for (int i = hi; i < outW; i++) {
      cols[dst + i] = 0;
    }
  }

  /** Fills the columns of the image at {@code xOff} into {@code cols} from {@code colsOff}. */
  public static void im2col(int c, int h, int w, int kh, int kw, int stride, int pad,
      double[] x, int xOff, double[] cols, int colsOff) {
    int outH = outLength(h, kh, stride, pad);
    int outW = outLength(w, kw, stride, pad);
    for (int q = 0; q < c * kh * kw; q++) {
      int kj = q % kw;
      int lo = firstInside(kj, outW, stride, pad);
      int hi = Math.max(lo, endInside(kj, outW, w, stride, pad));
      int dst = colsOff + q * outH * outW;
      int src = xOff + q / (kh * kw) * h * w + lo * stride + kj - pad;
      for (int oh = 0; oh < outH; oh++, dst += outW) {
        int ih = oh * stride + q / kw % kh - pad;
        boolean inside = ih >= 0 && ih < h;
        windowRow(x, src + ih * w, stride, cols, dst, inside ? lo : outW, inside ? hi : outW,
            outW);
      }
    }
  }

  /**
   * One row of columns: zeros before {@code lo} and from {@code hi} to {@code outW}, and
   * between them every stride-th element of the input row from {@code src}.
   */
  private static void windowRow(double[] x, int src, int stride, double[] cols, int dst, int lo,
      int hi, int outW) {
    for (int i = 0; i < lo; i++) {
      cols[dst + i] = 0;
    }
    if (stride == 1 && hi > lo) {
      System.arraycopy(x, src, cols, dst + lo, hi - lo);
    } else if (stride > 1) {
      for (int i = lo; i < hi; i++) {
        cols[dst + i] = x[src + (i - lo) * stride];
      }
    }
    for (int i = hi; i < outW; i++) {
      cols[dst + i] = 0;
    }
  }

  /** Adds the columns' gradient at {@code colsOff} into the image gradient at {@code dxOff}. */
  public static void col2im(int c, int h, int w, int kh, int kw, int stride, int pad,
      float[] cols, int colsOff, float[] dx, int dxOff) {
    int outH = outLength(h, kh, stride, pad);
    int outW = outLength(w, kw, stride, pad);
    for (int q = 0; q < c * kh * kw; q++) {
      int kj = q % kw;
      int lo = firstInside(kj, outW, stride, pad);
      int hi = Math.max(lo, endInside(kj, outW, w, stride, pad));
      int src = colsOff + q * outH * outW + lo;
      int dst = dxOff + q / (kh * kw) * h * w + lo * stride + kj - pad;
      for (int oh = 0; oh < outH; oh++, src += outW) {
        int ih = oh * stride + q / kw % kh - pad;
        if (ih >= 0 && ih < h) {
          addRow(cols, src, dx, dst + ih * w, stride, hi - lo);
        }
      }
    }
  }

  /** Adds {@code count} consecutive columns into every stride-th element of an input row. */
  private static void addRow(float[] cols, int src, float[] dx, int dst, int stride, int count) {
    if (stride == 1) {
      for (int i = 0; i < count; i++) {
        dx[dst + i] += cols[src + i];
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      dx[dst + i * stride] += cols[src + i];
    }
  }

  /** Adds the columns' gradient at {@code colsOff} into the image gradient at {@code dxOff}. */
  public static void col2im(int c, int h, int w, int kh, int kw, int stride, int pad,
      double[] cols, int colsOff, double[] dx, int dxOff) {
    int outH = outLength(h, kh, stride, pad);
    int outW = outLength(w, kw, stride, pad);
    for (int q = 0; q < c * kh * kw; q++) {
      int kj = q % kw;
      int lo = firstInside(kj, outW, stride, pad);
      int hi = Math.max(lo, endInside(kj, outW, w, stride, pad));
      int src = colsOff + q * outH * outW + lo;
      int dst = dxOff + q / (kh * kw) * h * w + lo * stride + kj - pad;
      for (int oh = 0; oh < outH; oh++, src += outW) {
        int ih = oh * stride + q / kw % kh - pad;
        if (ih >= 0 && ih < h) {
          addRow(cols, src, dx, dst + ih * w, stride, hi - lo);
        }
      }
    }
  }

  /** Adds {@code count} consecutive columns into every stride-th element of an input row. */
  private static void addRow(double[] cols, int src, double[] dx, int dst, int stride, int count) {
    if (stride == 1) {
      for (int i = 0; i < count; i++) {
        dx[dst + i] += cols[src + i];
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      dx[dst + i * stride] += cols[src + i];
    }
  }

  /**
   * Whether {@link #forward} and {@link #weightGradient} compute a float layer of
   * {@code outC} output channels straight from the images ({@link VectorConv}): when the
   * float products run in the Vector API and the channels fill whole vectors. Otherwise
   * the generated code takes im2col and a product per sample.
   */
  public static boolean direct(int outC) {
    return Kernels.vectorProducts() && VectorConv.fits(outC);
  }

  /** The forward pass of a batch's convolution; see {@link #direct}. */
  public static void forward(int n, int c, int h, int w, int kh, int kw, int stride, int pad,
      int outC, float[] images, float[] weights, float[] out) {
    VectorConv.forward(n, c, h, w, kh, kw, stride, pad, outC, images, weights, out);
  }

  /** Adds a batch's weight gradient into {@code grad}; see {@link #direct}. */
  public static void weightGradient(int n, int c, int h, int w, int kh, int kw, int stride,
      int pad, int outC, float[] images, float[] outGrad, float[] grad) {
    VectorConv.weightGradient(n, c, h, w, kh, kw, stride, pad, outC, images, outGrad, grad);
  }

  /** The first output column whose input column ow * stride + kj - pad is >= 0. */
  private static int firstInside(int kj, int outW, int stride, int pad) {
    int need = pad - kj;
    return need <= 0 ? 0 : Math.min(outW, (need + stride - 1) / stride);
  }

  /** One past the last output column whose input column is < w. */
  private static int endInside(int kj, int outW, int w, int stride, int pad) {
    int limit = w + pad - kj;
    return limit <= 0 ? 0 : Math.min(outW, (limit + stride - 1) / stride);
  }
}
