package org.pcg.runtime;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float convolution's forward pass and weight gradient read straight from the images, in
 * the JDK's Vector API, for layers whose output channels fill whole vectors (LeNet-5's
 * second, 16 channels).
 *
 * <p>Why: done as im2col and a product per sample, that layer spent about 1.2 ms a step on
 * copying windows into columns (runs of 10 floats, 4 ns each) and on products of
 * 16 x 100 x 150 that neither OpenBLAS nor {@link VectorGemm} runs well. Here a vector holds
 * one output position's channels: the forward pass keeps 12 positions' vectors in registers
 * while it walks the C kh kw taps, each tap one vector of weights (read from the weights
 * transposed, [tap][channel]) and 12 broadcast input elements; the weight gradient keeps 12
 * taps' vectors while it walks one sample's positions, each position one vector of the
 * output gradient (transposed per sample to [position][channel]). A layer that pads reads
 * a zero-padded copy of each sample; one that does not reads the sample where it lies.
 * Sums run in a fixed order with fused multiply-adds, so the results do not depend on the
 * JIT, but differ in the last bits from the product's.
 *
 * <p>Scratch is per thread and grows to the largest layer seen; then nothing allocates.
 */
final class VectorConv {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Positions (forward) or taps (weight gradient) whose sums stay in registers. */
  private static final int TILE = 12;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private VectorConv() {}

  /** Whether a layer of {@code outC} output channels fills whole vectors. */
  static boolean fits(int outC) {
    return outC % LANES == 0;
  }

  /**
   * out[s] = conv(x[s], w) for the n samples of images c x h x w (sample-major from 0),
   * kernels outC x c x kh x kw, output outC x outH x outW per sample.
   */
  static void forward(int n, int c, int h, int w, int kh, int kw, int stride, int pad,
      int outC, float[] x, float[] weights, float[] out) {
    Scratch s = SCRATCH.get();
    Layer l = s.layer(c, h, w, kh, kw, stride, pad);
    s.transposeWeights(weights, outC, l.rows);
    for (int sample = 0; sample < n; sample++) {
      int from = sample * c * h * w;
      float[] image = l.pad == 0 ? x : s.padded(x, from, l);
      int imageAt = l.pad == 0 ? from : 0;
      int outAt = sample * outC * l.positions;
      for (int o0 = 0; o0 < outC; o0 += LANES) {
        for (int p0 = 0; p0 < l.positions; p0 += TILE) {
          int[] at = s.tileOffsets(l.pos, p0, l.positions);
          Arrays.fill(s.tile, 0f);
          tile(l.rows, s.weightsT, o0, outC, image, imageAt, l.off, at, s.tile, 0, LANES);
          int count = Math.min(TILE, l.positions - p0);
          for (int o = 0; o < LANES; o++) {
            int row = outAt + (o0 + o) * l.positions + p0;
            for (int t = 0; t < count; t++) {
              out[row + t] = s.tile[t * LANES + o];
            }
          }
        }
      }
    }
  }

  /**
   * grad += the weights' gradient: sum over the n samples and their positions of the output
   * gradient (outC x outH x outW per sample) times the input windows.
   */
  static void weightGradient(int n, int c, int h, int w, int kh, int kw, int stride,
      int pad, int outC, float[] x, float[] outGrad, float[] grad) {
    Scratch s = SCRATCH.get();
    Layer l = s.layer(c, h, w, kh, kw, stride, pad);
    float[] sums = s.sums((l.rows + TILE) * outC);
    for (int sample = 0; sample < n; sample++) {
      int from = sample * c * h * w;
      float[] image = l.pad == 0 ? x : s.padded(x, from, l);
      int imageAt = l.pad == 0 ? from : 0;
      float[] g = s.transposeGradient(outGrad, sample * outC * l.positions, outC,
          l.positions);
      for (int o0 = 0; o0 < outC; o0 += LANES) {
        for (int q0 = 0; q0 < l.rows; q0 += TILE) {
          int[] taps = s.tileOffsets(l.off, q0, l.rows);
          // Taps past the last repeat it; their sums land in the rows past the last, which
          // nothing reads (a conditional load would make the sums objects).
          tile(l.positions, g, o0, outC, image, imageAt, l.pos, taps, sums, q0 * outC + o0,
              outC);
        }
      }
    }
    for (int o = 0; o < outC; o++) {
      for (int q = 0; q < l.rows; q++) {
        grad[o * l.rows + q] += sums[q * outC + o];
      }
    }
  }

  /**
   * Adds to 12 running sums, each a vector over output channels, {@code steps} terms:
   * step i's vector ({@code vectors} from {@code vectorAt + i * vectorStride}) times the
   * image element at {@code imageAt + bases[i] + offsets[t]} for sum t. The forward pass steps over
   * taps with the positions as offsets, the weight gradient over positions with the taps
   * as offsets. The sums are read from and written back to {@code acc}.
   */
  private static void tile(int steps, float[] vectors, int vectorAt, int vectorStride,
      float[] image, int imageAt, int[] bases, int[] offsets, float[] acc, int accStart,
      int accStride) {
    FloatVector s0 = FloatVector.fromArray(SPECIES, acc, accStart);
    FloatVector s1 = FloatVector.fromArray(SPECIES, acc, accStart + 1 * accStride);
    FloatVector s2 = FloatVector.fromArray(SPECIES, acc, accStart + 2 * accStride);
    FloatVector s3 = FloatVector.fromArray(SPECIES, acc, accStart + 3 * accStride);
    FloatVector s4 = FloatVector.fromArray(SPECIES, acc, accStart + 4 * accStride);
    FloatVector s5 = FloatVector.fromArray(SPECIES, acc, accStart + 5 * accStride);
    FloatVector s6 = FloatVector.fromArray(SPECIES, acc, accStart + 6 * accStride);
    FloatVector s7 = FloatVector.fromArray(SPECIES, acc, accStart + 7 * accStride);
    FloatVector s8 = FloatVector.fromArray(SPECIES, acc, accStart + 8 * accStride);
    FloatVector s9 = FloatVector.fromArray(SPECIES, acc, accStart + 9 * accStride);
    FloatVector s10 = FloatVector.fromArray(SPECIES, acc, accStart + 10 * accStride);
    FloatVector s11 = FloatVector.fromArray(SPECIES, acc, accStart + 11 * accStride);
    int o0 = offsets[0];
    int o1 = offsets[1];
    int o2 = offsets[2];
    int o3 = offsets[3];
    int o4 = offsets[4];
    int o5 = offsets[5];
    int o6 = offsets[6];
    int o7 = offsets[7];
    int o8 = offsets[8];
    int o9 = offsets[9];
    int o10 = offsets[10];
    int o11 = offsets[11];
    // Written out: sums in an array of vectors would not stay in registers (JDK 17).
    for (int i = 0, at = vectorAt; i < steps; i++, at += vectorStride) {
      FloatVector v = FloatVector.fromArray(SPECIES, vectors, at);
      int b = imageAt + bases[i];
      s0 = v.fma(FloatVector.broadcast(SPECIES, image[b + o0]), s0);
      s1 = v.fma(FloatVector.broadcast(SPECIES, image[b + o1]), s1);
      s2 = v.fma(FloatVector.broadcast(SPECIES, image[b + o2]), s2);
      s3 = v.fma(FloatVector.broadcast(SPECIES, image[b + o3]), s3);
      s4 = v.fma(FloatVector.broadcast(SPECIES, image[b + o4]), s4);
      s5 = v.fma(FloatVector.broadcast(SPECIES, image[b + o5]), s5);
      s6 = v.fma(FloatVector.broadcast(SPECIES, image[b + o6]), s6);
      s7 = v.fma(FloatVector.broadcast(SPECIES, image[b + o7]), s7);
      s8 = v.fma(FloatVector.broadcast(SPECIES, image[b + o8]), s8);
      s9 = v.fma(FloatVector.broadcast(SPECIES, image[b + o9]), s9);
      s10 = v.fma(FloatVector.broadcast(SPECIES, image[b + o10]), s10);
      s11 = v.fma(FloatVector.broadcast(SPECIES, image[b + o11]), s11);
    }
    s0.intoArray(acc, accStart);
    s1.intoArray(acc, accStart + 1 * accStride);
    s2.intoArray(acc, accStart + 2 * accStride);
    s3.intoArray(acc, accStart + 3 * accStride);
    s4.intoArray(acc, accStart + 4 * accStride);
    s5.intoArray(acc, accStart + 5 * accStride);
    s6.intoArray(acc, accStart + 6 * accStride);
    s7.intoArray(acc, accStart + 7 * accStride);
    s8.intoArray(acc, accStart + 8 * accStride);
    s9.intoArray(acc, accStart + 9 * accStride);
    s10.intoArray(acc, accStart + 10 * accStride);
    s11.intoArray(acc, accStart + 11 * accStride);
  }

  /** A layer's geometry and its offset tables, in a possibly padded image. */
  private static final class Layer {
    int c;
    int h;
    int w;
    int kh;
    int kw;
    int stride;
    int pad;
    int paddedH;
    int paddedW;
    int rows;
    int positions;
    int[] off = new int[0];
    int[] pos = new int[0];
  }

  /** One thread's tables and copies. */
  private static final class Scratch {
    private final Layer layer = new Layer();
    private float[] padded = new float[0];
    float[] weightsT = new float[0];
    private float[] gradT = new float[0];
    private float[] sums = new float[0];
    private final int[] tileAt = new int[TILE];
    final float[] tile = new float[TILE * LANES];

    /** The layer's tables: tap q's offset in the image, position p's. */
    Layer layer(int c, int h, int w, int kh, int kw, int stride, int pad) {
      Layer l = layer;
      if (l.c == c && l.h == h && l.w == w && l.kh == kh && l.kw == kw && l.stride == stride
          && l.pad == pad && l.rows > 0) {
        return l;
      }
      l.c = c;
      l.h = h;
      l.w = w;
      l.kh = kh;
      l.kw = kw;
      l.stride = stride;
      l.pad = pad;
      l.paddedH = h + 2 * pad;
      l.paddedW = w + 2 * pad;
      int outH = ConvKernels.outLength(h, kh, stride, pad);
      int outW = ConvKernels.outLength(w, kw, stride, pad);
      l.rows = c * kh * kw;
      l.positions = outH * outW;
      l.off = new int[l.rows];
      for (int q = 0; q < l.rows; q++) {
        l.off[q] = q / (kh * kw) * l.paddedH * l.paddedW + q / kw % kh * l.paddedW + q % kw;
      }
      l.pos = new int[l.positions];
      for (int p = 0; p < l.positions; p++) {
        l.pos[p] = p / outW * stride * l.paddedW + p % outW * stride;
      }
      return l;
    }

    /** A sample's image zero-padded into a copy, for a layer that pads. */
    float[] padded(float[] x, int from, Layer l) {
      int size = l.c * l.paddedH * l.paddedW;
      if (padded.length < size) {
        padded = new float[size];
      }
      Arrays.fill(padded, 0, size, 0f);
      for (int ch = 0; ch < l.c; ch++) {
        for (int y = 0; y < l.h; y++) {
          System.arraycopy(x, from + (ch * l.h + y) * l.w, padded,
              (ch * l.paddedH + y + l.pad) * l.paddedW + l.pad, l.w);
        }
      }
      return padded;
    }

    void transposeWeights(float[] weights, int outC, int rows) {
      if (weightsT.length < rows * outC) {
        weightsT = new float[rows * outC];
      }
      for (int o = 0; o < outC; o++) {
        for (int q = 0; q < rows; q++) {
          weightsT[q * outC + o] = weights[o * rows + q];
        }
      }
    }

    float[] transposeGradient(float[] g, int from, int outC, int positions) {
      if (gradT.length < positions * outC) {
        gradT = new float[positions * outC];
      }
      for (int o = 0; o < outC; o++) {
        for (int p = 0; p < positions; p++) {
          gradT[p * outC + o] = g[from + o * positions + p];
        }
      }
      return gradT;
    }

    float[] sums(int size) {
      if (sums.length < size) {
        sums = new float[size];
      }
      Arrays.fill(sums, 0, size, 0f);
      return sums;
    }

    /** TILE entries of {@code table} from {@code first}, the last repeated past its end. */
    int[] tileOffsets(int[] table, int first, int length) {
      for (int t = 0; t < TILE; t++) {
        tileAt[t] = table[Math.min(first + t, length - 1)];
      }
      return tileAt;
    }
  }
}
