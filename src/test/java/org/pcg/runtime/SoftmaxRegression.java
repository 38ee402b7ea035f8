package org.pcg.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A real model written by hand, for testing the training loop before generated models
 * exist: logits = W x + b with a mean cross-entropy loss, trained by backpropagation. It
 * computes in double whatever dtype its info declares, and it records the size of every batch
 * it is given.
 */
final class SoftmaxRegression implements CompiledModel {

  private final int features;
  private final int classes;
  private final int capacity;
  private final ModelInfo info;
  private final double[] w;
  private final double[] b;
  private final double[] dw;
  private final double[] db;
  private final double[] x;
  private final double[] t;
  private final double[] logits;
  private final double[] delta;
  private int n;

  /** Sizes of the batches passed to {@link #setBatch}, in order. */
  final List<Integer> batchSizes = new ArrayList<>();

  SoftmaxRegression(int features, int classes, int capacity, DType dtype) {
    this.features = features;
    this.classes = classes;
    this.capacity = capacity;
    this.info = new ModelInfo("softmax", "SoftmaxRegression.java", dtype,
        List.of(new TensorSpec("x", new int[] {features})),
        new TensorSpec("t", new int[] {classes}), new TensorSpec("logits", new int[] {classes}),
        List.of(new TensorSpec("W", new int[] {classes, features}),
            new TensorSpec("b", new int[] {classes})),
        "cross_entropy", true);
    w = new double[classes * features];
    b = new double[classes];
    dw = new double[w.length];
    db = new double[classes];
    x = new double[capacity * features];
    t = new double[capacity * classes];
    logits = new double[capacity * classes];
    delta = new double[capacity * classes];
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public void setBatch(int n, double[][] inputs, double[] target) {
    this.n = n;
    batchSizes.add(n);
    System.arraycopy(inputs[0], 0, x, 0, n * features);
    System.arraycopy(target, 0, t, 0, n * classes);
  }

  /** Logits, loss, and in {@code delta} the negative gradient of the loss by the logits. */
  @Override
  public double forward() {
    Kernels.gemm(false, true, n, classes, features, 1.0, x, 0, features, w, 0, features,
        0.0, logits, 0, classes);
    double loss = 0;
    for (int row = 0; row < n; row++) {
      loss += rowLoss(row);
    }
    return loss / n;
  }

  private double rowLoss(int row) {
    int at = row * classes;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      logits[at + c] += b[c];
      max = Math.max(max, logits[at + c]);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      sum += Math.exp(logits[at + c] - max);
    }
    double loss = 0;
    for (int c = 0; c < classes; c++) {
      double logP = logits[at + c] - max - Math.log(sum);
      loss -= t[at + c] * logP;
      delta[at + c] = (t[at + c] - Math.exp(logP)) / n;
    }
    return loss;
  }

  @Override
  public void output(double[] dst) {
    System.arraycopy(logits, 0, dst, 0, n * classes);
  }

  @Override
  public double computeUpdates(Algorithm algo, PcOptions options) {
    if (algo != Algorithm.BP) {
      throw new UnsupportedOperationException("this test model runs BP only");
    }
    double loss = forward();
    Kernels.gemm(true, false, classes, features, n, 1.0, delta, 0, classes, x, 0, features,
        0.0, dw, 0, features);
    Kernels.sumRows(n, classes, 1.0, delta, 0, classes, 0.0, db, 0);
    return loss;
  }

  @Override
  public void getUpdate(int param, double[] dst) {
    double[] u = param == 0 ? dw : db;
    System.arraycopy(u, 0, dst, 0, u.length);
  }

  @Override
  public void getParam(int param, double[] dst) {
    double[] p = param == 0 ? w : b;
    System.arraycopy(p, 0, dst, 0, p.length);
  }

  @Override
  public void setParam(int param, double[] src) {
    double[] p = param == 0 ? w : b;
    System.arraycopy(src, 0, p, 0, p.length);
  }

  @Override
  public void applyUpdates(Optimizer optimizer) {
    optimizer.beginStep();
    optimizer.step(0, w, dw);
    optimizer.step(1, b, db);
  }
}
