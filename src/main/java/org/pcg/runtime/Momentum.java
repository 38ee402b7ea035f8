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
  /** The loop over one slot, as a reusable task so that --threads can share it out. */
  private final Step step = new Step();

  public Momentum(double lr, double beta) {
    this.lr = checkRate(lr);
    this.beta = checkDecay("momentum beta", beta);
  }

  @Override
  void update(int slot, double[] param, double[] update) {
    step.setDouble(velocity.of(slot, param), param, update);
    Kernels.forRanges(param.length, step);
    step.clear();
  }

  @Override
  void update(int slot, float[] param, float[] update) {
    step.setFloat(velocity.of(slot, param), param, update);
    Kernels.forRanges(param.length, step);
    step.clear();
  }

  /** {@code v = beta * v + update; param += lr * v} over a range, for one slot's arrays. */
  private final class Step implements SplitGemm.Ranges {
    private double[] vD;
    private double[] paramD;
    private double[] updateD;
    private float[] vF;
    private float[] paramF;
    private float[] updateF;

    void setDouble(double[] v, double[] param, double[] update) {
      vD = v;
      paramD = param;
      updateD = update;
    }

    void setFloat(float[] v, float[] param, float[] update) {
      vF = v;
      paramF = param;
      updateF = update;
    }

    @Override
    public void run(int from, int to) {
      if (vF != null) {
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

    void clear() {
      vD = paramD = updateD = null;
      vF = paramF = updateF = null;
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
