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

  public Momentum(double lr, double beta) {
    this.lr = checkRate(lr);
    this.beta = checkDecay("momentum beta", beta);
  }

  @Override
  void update(int slot, double[] param, double[] update) {
    double[] v = velocity.of(slot, param);
    for (int i = 0; i < param.length; i++) {
      v[i] = beta * v[i] + update[i];
      param[i] += lr * v[i];
    }
  }

  @Override
  void update(int slot, float[] param, float[] update) {
    float[] v = velocity.of(slot, param);
    float b = (float) beta;
    float rate = (float) lr;
    for (int i = 0; i < param.length; i++) {
      v[i] = b * v[i] + update[i];
      param[i] += rate * v[i];
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
