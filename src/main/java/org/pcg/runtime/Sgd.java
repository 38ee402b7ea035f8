package org.pcg.runtime;

/** Plain stochastic gradient descent: {@code param += lr * update}. */
public final class Sgd extends SlotOptimizer {

  private final double lr;

  public Sgd(double lr) {
    this.lr = checkRate(lr);
  }

  @Override
  void update(int slot, double[] param, double[] update) {
    Kernels.axpy(param.length, lr, update, 0, param, 0);
  }

  @Override
  void update(int slot, float[] param, float[] update) {
    Kernels.axpy(param.length, (float) lr, update, 0, param, 0);
  }

  @Override
  public String toString() {
    return "sgd(lr=" + lr + ")";
  }
}
