package org.pcg.runtime;

import java.util.Map;

/**
 * Heavy-ball momentum: {@code v = beta * v + update; param += lr * v}, with v starting at zero
 * (PyTorch's SGD with momentum and no dampening, written for delta-shaped updates).
 */
public final class Momentum extends SlotOptimizer {

  private final double lr;
  private final double beta;
  private final SlotState velocity = new SlotState();
  /** The velocity of the slot being stepped, in its precision. */
  private double[] vD;
  private float[] vF;

  public Momentum(double lr, double beta) {
    this.lr = checkRate(lr);
    this.beta = checkDecay("momentum beta", beta);
  }

  @Override
  void beginSlot(int slot, double[] param) {
    vD = velocity.of(slot, param);
  }

  @Override
  void beginSlot(int slot, float[] param) {
    vF = velocity.of(slot, param);
  }

  @Override
  void updateRange(int from, int to) {
    if (paramF != null) {
      float b = (float) beta;
      float rate = (float) lr;
      for (int i = from; i < to; i++) {
        vF[i] = b * vF[i] + updateF[i];
        paramF[i] += rate * vF[i];
      }
    } else {
      for (int i = from; i < to; i++) {
        vD[i] = beta * vD[i] + updateD[i];
        paramD[i] += lr * vD[i];
      }
    }
  }

  @Override
  Map<String, SlotState> moments() {
    return Map.of("velocity", velocity);
  }

  @Override
  public String toString() {
    return "momentum(lr=" + lr + ", beta=" + beta + ")";
  }
}
