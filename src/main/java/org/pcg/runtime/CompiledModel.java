package org.pcg.runtime;

/**
 * A model compiled to Java by pcg. One instance owns every buffer it needs for batches of up
 * to {@link #capacity()} samples; no method allocates. Values cross this interface as
 * {@code double[]} whatever the dtype, sample-major, so callers need not know the dtype.
 *
 * <p>Not thread-safe: one instance serves one training loop.
 */
public interface CompiledModel {

  ModelInfo info();

  /** Largest batch this instance holds. */
  int capacity();

  /**
   * Copies one batch in.
   *
   * @param n samples in the batch, at most {@link #capacity()}
   * @param inputs one array per input, in {@link ModelInfo#inputs()} order, {@code n * size}
   * @param target {@code n * size} target values (one-hot rows for a classifier)
   */
  void setBatch(int n, double[][] inputs, double[] target);

  /** Runs the forward pass on the current batch and returns its loss. */
  double forward();

  /** Copies the output vertex's values of the last forward pass, {@code n * size}. */
  void output(double[] dst);

  /**
   * Computes the parameter updates of one step of {@code algo} on the current batch without
   * applying them, and returns the loss of the forward pass it started from.
   */
  double computeUpdates(Algorithm algo, PcOptions options);

  /** Copies the last computed update of parameter {@code param}. */
  void getUpdate(int param, double[] dst);

  void getParam(int param, double[] dst);

  void setParam(int param, double[] src);

  /** Applies the last computed updates through {@code optimizer}. */
  void applyUpdates(Optimizer optimizer);

  /**
   * The first vertex, in topological order, whose value from the last forward pass holds a
   * NaN or an infinity: its index among the vertices of the graph the class was generated
   * from. -1 when every value is finite, or when the model cannot tell.
   */
  default int firstNonFiniteVertex() {
    return -1;
  }
}
