package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The direct convolution against the definition summed in double: the forward pass, and
 * the weight gradient added into what the gradient buffer held, over a batch, with padding,
 * strides and channel counts of one and two vectors.
 */
class VectorConvTest {

  /** Relative to the sum of |terms| of each element, for float sums of up to 150 terms. */
  private static final double TOLERANCE = 1e-6;

  @ParameterizedTest(name = "n={0} c={1} {2}x{3} kernel {4}x{5} stride {6} pad {7} out {8}")
  @CsvSource({
      "3, 6, 14, 14, 5, 5, 1, 0, 16",
      "2, 1, 28, 28, 5, 5, 1, 2, 16",
      "2, 3, 9, 7, 3, 2, 2, 1, 32",
      "1, 2, 5, 5, 5, 5, 1, 3, 16",
      "4, 5, 6, 8, 1, 1, 1, 0, 16"})
  void forwardAndWeightGradientMatchTheDefinition(int n, int c, int h, int w, int kh, int kw,
      int stride, int pad, int outC) {
    SplittableRandom random = new SplittableRandom(n * 100L + c * 10L + kh);
    int outH = ConvKernels.outLength(h, kh, stride, pad);
    int outW = ConvKernels.outLength(w, kw, stride, pad);
    int rows = c * kh * kw;
    int positions = outH * outW;
    float[] x = randoms(n * c * h * w, random);
    float[] weights = randoms(outC * rows, random);
    float[] g = randoms(n * outC * positions, random);
    float[] grad = randoms(outC * rows, random);
    float[] gradBefore = grad.clone();
    float[] out = new float[n * outC * positions];

    VectorConv.forward(n, c, h, w, kh, kw, stride, pad, outC, x, weights, out);
    VectorConv.weightGradient(n, c, h, w, kh, kw, stride, pad, outC, x, g, grad);

    for (int s = 0; s < n; s++) {
      for (int o = 0; o < outC; o++) {
        for (int p = 0; p < positions; p++) {
          double sum = 0;
          double size = 0;
          for (int q = 0; q < rows; q++) {
            double term = weights[o * rows + q] * input(x, s, c, h, w, kh, kw, stride, pad,
                q, p / outW, p % outW);
            sum += term;
            size += Math.abs(term);
          }
          assertThat((double) out[(s * outC + o) * positions + p])
              .as("out[%d][%d][%d]", s, o, p)
              .isCloseTo(sum, org.assertj.core.data.Offset.offset(TOLERANCE * size + 1e-30));
        }
      }
    }
    for (int o = 0; o < outC; o++) {
      for (int q = 0; q < rows; q++) {
        double sum = gradBefore[o * rows + q];
        double size = Math.abs(sum);
        for (int s = 0; s < n; s++) {
          for (int p = 0; p < positions; p++) {
            double term = g[(s * outC + o) * positions + p]
                * input(x, s, c, h, w, kh, kw, stride, pad, q, p / outW, p % outW);
            sum += term;
            size += Math.abs(term);
          }
        }
        assertThat((double) grad[o * rows + q]).as("grad[%d][%d]", o, q)
            .isCloseTo(sum, org.assertj.core.data.Offset.offset(TOLERANCE * size + 1e-30));
      }
    }
  }

  /** Input element of tap q (channel, ki, kj) at output position (oh, ow), 0 in padding. */
  private static double input(float[] x, int s, int c, int h, int w, int kh, int kw,
      int stride, int pad, int q, int oh, int ow) {
    int ih = oh * stride + q / kw % kh - pad;
    int iw = ow * stride + q % kw - pad;
    if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
      return 0;
    }
    return x[((s * c + q / (kh * kw)) * h + ih) * w + iw];
  }

  private static float[] randoms(int length, SplittableRandom random) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return x;
  }
}
