package org.pcg.runtime;

/**
 * Reusable buffers for one batch drawn from a {@link Dataset}: features, one-hot targets and
 * labels of up to {@link #capacity()} samples, filled by {@link Dataset#batch}.
 */
public final class Batch {

  private final double[] features;
  private final double[][] inputs;
  private final double[] targets;
  private final int[] labels;
  private int size;

  Batch(int capacity, int featureCount, int numClasses) {
    if (capacity < 1) {
      throw new IllegalArgumentException("batch capacity must be at least 1, got " + capacity);
    }
    features = new double[Math.multiplyExact(capacity, featureCount)];
    inputs = new double[][] {features};
    targets = new double[Math.multiplyExact(capacity, numClasses)];
    labels = new int[capacity];
  }

  public int capacity() {
    return labels.length;
  }

  /** Samples filled by the last {@link Dataset#batch} call. */
  public int size() {
    return size;
  }

  void setSize(int size) {
    this.size = size;
  }

  /** Sample-major features, {@code size() * featureCount} of them valid. */
  public double[] features() {
    return features;
  }

  /** The features as the one-input array {@link CompiledModel#setBatch} takes. */
  public double[][] inputs() {
    return inputs;
  }

  /** One-hot rows of {@code numClasses} values per sample. */
  public double[] targets() {
    return targets;
  }

  public int[] labels() {
    return labels;
  }
}
