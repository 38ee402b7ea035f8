package org.pcg.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable classification data set: {@link #size()} samples of {@link #featureCount()}
 * values each (stored sample-major as float, double or unsigned-byte pixels) with integer
 * labels in {@code 0 .. numClasses - 1}.
 *
 * <p>{@link #sampleShape()} keeps the shape the file gave (28 x 28 for an image); a model
 * input accepts the data when its size equals {@link #featureCount()}, since every shape of
 * the same size has the same flat row-major layout.
 */
public final class Dataset {

  private final String source;
  private final int[] sampleShape;
  private final int featureCount;
  private final Storage features;
  private final int[] labels;
  private final int numClasses;

  /** Takes ownership of the storage and the labels. */
  private Dataset(String source, int[] sampleShape, Storage features, int[] labels,
      int numClasses) {
    this.source = source;
    this.sampleShape = sampleShape.clone();
    this.featureCount = sizeOf(sampleShape);
    this.features = features;
    this.labels = labels;
    this.numClasses = numClasses;
    checkConsistent(features.length());
  }

  /**
   * A data set of float features, copied.
   *
   * @param source where the data came from, for messages (a file name)
   * @param sampleShape shape of one sample's features
   * @param features {@code labels.length * size(sampleShape)} values, sample-major
   */
  public static Dataset ofFloats(String source, int[] sampleShape, float[] features,
      int[] labels, int numClasses) {
    return owningFloats(source, sampleShape, features.clone(), labels.clone(), numClasses);
  }

  /** A data set of double features, copied; see {@link #ofFloats}. */
  public static Dataset ofDoubles(String source, int[] sampleShape, double[] features,
      int[] labels, int numClasses) {
    return owningDoubles(source, sampleShape, features.clone(), labels.clone(), numClasses);
  }

  /** For loaders that made the arrays themselves: no copy. */
  static Dataset owningFloats(String source, int[] sampleShape, float[] features,
      int[] labels, int numClasses) {
    return new Dataset(source, sampleShape, new Floats(features), labels, numClasses);
  }

  static Dataset owningDoubles(String source, int[] sampleShape, double[] features,
      int[] labels, int numClasses) {
    return new Dataset(source, sampleShape, new Doubles(features), labels, numClasses);
  }

  /**
   * For image loaders: pixels 0..255 as unsigned bytes, no copy. A pixel {@code p} reads as
   * {@code p / 255f} widened to double, a quarter of the memory of storing those floats.
   */
  static Dataset owningPixels(String source, int[] sampleShape, byte[] pixels, int[] labels,
      int numClasses) {
    return new Dataset(source, sampleShape, new Pixels(pixels), labels, numClasses);
  }

  /** Where the data came from, as given to the loader. */
  public String source() {
    return source;
  }

  public int size() {
    return labels.length;
  }

  /** Values per sample: the product of {@link #sampleShape()}. */
  public int featureCount() {
    return featureCount;
  }

  public int[] sampleShape() {
    return sampleShape.clone();
  }

  public int numClasses() {
    return numClasses;
  }

  public int label(int sample) {
    return labels[sample];
  }

  /** The value of feature {@code f} of sample {@code sample}. */
  public double feature(int sample, int f) {
    Objects.checkIndex(f, featureCount);
    return features.get(sample * featureCount + f);
  }

  /** The first {@code n} samples (all of them when there are fewer), copied. */
  public Dataset head(int n) {
    int count = Math.min(n, size());
    return new Dataset(source, sampleShape, features.head(count * featureCount),
        Arrays.copyOf(labels, count), numClasses);
  }

  /** Buffers for batches of up to {@code capacity} samples of this data set. */
  public Batch newBatch(int capacity) {
    return new Batch(capacity, featureCount, numClasses);
  }

  /**
   * Copies samples {@code order[start] .. order[start + n - 1]} into {@code batch}: their
   * features, one-hot targets and labels. Allocates nothing.
   */
  public void batch(int[] order, int start, int n, Batch batch) {
    if (n < 0 || n > batch.capacity() || start < 0 || start + n > order.length) {
      throw new IllegalArgumentException("batch of " + n + " from position " + start
          + " does not fit an order of " + order.length + " and a capacity of "
          + batch.capacity());
    }
    double[] targets = batch.targets();
    Arrays.fill(targets, 0, n * numClasses, 0.0);
    for (int b = 0; b < n; b++) {
      int sample = order[start + b];
      features.copy(sample * featureCount, batch.features(), b * featureCount, featureCount);
      batch.labels()[b] = labels[sample];
      targets[b * numClasses + labels[sample]] = 1.0;
    }
    batch.setSize(n);
  }

  private void checkConsistent(int values) {
    if (numClasses < 1) {
      throw new DataException(source + ": a data set needs at least one class");
    }
    if ((long) labels.length * featureCount != values) {
      throw new DataException(source + ": " + values + " feature values do not make "
          + labels.length + " samples of shape " + Arrays.toString(sampleShape));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new DataException(source + ": label " + labels[i] + " of sample " + i
            + " is outside 0.." + (numClasses - 1));
      }
    }
  }

  private static int sizeOf(int[] shape) {
    long size = 1;
    for (int d : shape) {
      size *= d;
      if (d < 1 || size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("sample shape " + Arrays.toString(shape)
            + (d < 1 ? " has a dimension below 1" : " is too large"));
      }
    }
    return (int) size;
  }

  /** Sample-major feature values in one of the element types loaders produce. */
  private sealed interface Storage permits Floats, Doubles, Pixels {

    int length();

    double get(int index);

    /** Copies {@code n} values from {@code from} into {@code dst}; allocates nothing. */
    void copy(int from, double[] dst, int dstOff, int n);

    /** The first {@code n} values, copied. */
    Storage head(int n);
  }

  private record Floats(float[] values) implements Storage {

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public double get(int index) {
      return values[index];
    }

    @Override
    public void copy(int from, double[] dst, int dstOff, int n) {
      for (int i = 0; i < n; i++) {
        dst[dstOff + i] = values[from + i];
      }
    }

    @Override
    public Storage head(int n) {
      return new Floats(Arrays.copyOf(values, n));
    }
  }

  private record Doubles(double[] values) implements Storage {

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public double get(int index) {
      return values[index];
    }

    @Override
    public void copy(int from, double[] dst, int dstOff, int n) {
      System.arraycopy(values, from, dst, dstOff, n);
    }

    @Override
    public Storage head(int n) {
      return new Doubles(Arrays.copyOf(values, n));
    }
  }

  private record Pixels(byte[] values) implements Storage {

    /**
     * Pixel {@code p}'s value: {@code p / 255f} computed in float, as the loaders did when
     * they stored floats, so that models see bit-identical inputs either way.
     */
    private static final double[] SCALED = scaledPixels();

    private static double[] scaledPixels() {
      double[] scaled = new double[256];
      for (int p = 0; p < scaled.length; p++) {
        scaled[p] = p / 255f;
      }
      return scaled;
    }

    @Override
    public int length() {
      return values.length;
    }

    @Override
    public double get(int index) {
      return SCALED[values[index] & 0xff];
    }

    @Override
    public void copy(int from, double[] dst, int dstOff, int n) {
      for (int i = 0; i < n; i++) {
        dst[dstOff + i] = SCALED[values[from + i] & 0xff];
      }
    }

    @Override
    public Storage head(int n) {
      return new Pixels(Arrays.copyOf(values, n));
    }
  }
}
