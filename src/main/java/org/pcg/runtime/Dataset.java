package org.pcg.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable classification data set: {@link #size()} samples of {@link #featureCount()}
 * values each (stored sample-major as float or double) with integer labels in
 * {@code 0 .. numClasses - 1}.
 *
 * <p>{@link #sampleShape()} keeps the shape the file gave (28 x 28 for an image); a model
 * input accepts the data when its size equals {@link #featureCount()}, since every shape of
 * the same size has the same flat row-major layout.
 */
public final class Dataset {

  private final String source;
  private final int[] sampleShape;
  private final int featureCount;
  private final float[] floats;
  private final double[] doubles;
  private final int[] labels;
  private final int numClasses;

  /** Takes ownership of the arrays: exactly one of {@code floats} and {@code doubles}. */
  private Dataset(String source, int[] sampleShape, float[] floats, double[] doubles,
      int[] labels, int numClasses) {
    this.source = source;
    this.sampleShape = sampleShape.clone();
    this.featureCount = sizeOf(sampleShape);
    this.floats = floats;
    this.doubles = doubles;
    this.labels = labels;
    this.numClasses = numClasses;
    checkConsistent(floats != null ? floats.length : doubles.length);
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
    return new Dataset(source, sampleShape, features.clone(), null, labels.clone(), numClasses);
  }

  /** A data set of double features, copied; see {@link #ofFloats}. */
  public static Dataset ofDoubles(String source, int[] sampleShape, double[] features,
      int[] labels, int numClasses) {
    return new Dataset(source, sampleShape, null, features.clone(), labels.clone(), numClasses);
  }

  /** For loaders that made the arrays themselves: no copy. */
  static Dataset owningFloats(String source, int[] sampleShape, float[] features,
      int[] labels, int numClasses) {
    return new Dataset(source, sampleShape, features, null, labels, numClasses);
  }

  static Dataset owningDoubles(String source, int[] sampleShape, double[] features,
      int[] labels, int numClasses) {
    return new Dataset(source, sampleShape, null, features, labels, numClasses);
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
    int at = sample * featureCount + f;
    return floats != null ? floats[at] : doubles[at];
  }

  /** The first {@code n} samples (all of them when there are fewer), copied. */
  public Dataset head(int n) {
    int count = Math.min(n, size());
    int values = count * featureCount;
    int[] headLabels = Arrays.copyOf(labels, count);
    return floats != null
        ? owningFloats(source, sampleShape, Arrays.copyOf(floats, values), headLabels,
            numClasses)
        : owningDoubles(source, sampleShape, Arrays.copyOf(doubles, values), headLabels,
            numClasses);
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
      copyFeatures(sample, batch.features(), b * featureCount);
      batch.labels()[b] = labels[sample];
      targets[b * numClasses + labels[sample]] = 1.0;
    }
    batch.setSize(n);
  }

  private void copyFeatures(int sample, double[] dst, int dstOff) {
    int from = sample * featureCount;
    if (doubles != null) {
      System.arraycopy(doubles, from, dst, dstOff, featureCount);
      return;
    }
    for (int f = 0; f < featureCount; f++) {
      dst[dstOff + f] = floats[from + f];
    }
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
}
