package org.pcg.runtime;

/** Plain stochastic gradient descent: {@code param += lr * update}. */
public final class Sgd extends SlotOptimizer {

  private final double lr;

  public Sgd(double lr) {
    this.lr = checkRate(lr);
  }

  @Override
  void updateRange(int from, int to) {
    if (paramF != null) {
      float rate = (float) lr;
      for (int i = from; i < to; i++) {
        paramF[i] += rate * updateF[i];
      }
    } else {
      for (int i = from; i < to; i++) {
        paramD[i] += lr * updateD[i];
      }
    }
  }

  @Override
  public String toString() {
    return "sgd(lr=" + lr + ")";
  }
}
