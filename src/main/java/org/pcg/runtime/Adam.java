package org.pcg.runtime;

import java.util.Map;

/**
 * Adam (Kingma and Ba) with bias correction, for delta-shaped updates u (the negative
 * gradient): {@code m = b1 m + (1 - b1) u}, {@code v = b2 v + (1 - b2) u^2},
 * {@code param += lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}.
 */
public final class Adam extends SlotOptimizer {

  private final double lr;
  private final double b1;
  private final double b2;
  private final double eps;
  private final SlotState first = new SlotState();
  private final SlotState second = new SlotState();
  /** The moments of the slot being stepped, in its precision. */
  private double[] mD;
  private double[] vD;
  private float[] mF;
  private float[] vF;

  /** {@code 1 - b1^t} and {@code 1 - b2^t} of the current step t. */
  private double correction1;
  private double correction2;

  public Adam(double lr, double b1, double b2, double eps) {
    this.lr = checkRate(lr);
    this.b1 = checkDecay("Adam beta1", b1);
    this.b2 = checkDecay("Adam beta2", b2);
    if (!(eps > 0)) {
      throw new IllegalArgumentException("Adam epsilon must be > 0, got " + eps);
    }
    this.eps = eps;
  }

  /** The usual defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
  public Adam(double lr) {
    this(lr, 0.9, 0.999, 1e-8);
  }

  @Override
  void onBeginStep(long step) {
    correction1 = 1 - Math.pow(b1, step);
    correction2 = 1 - Math.pow(b2, step);
  }

  @Override
  void beginSlot(int slot, double[] param) {
    mD = first.of(slot, param);
    vD = second.of(slot, param);
  }

  @Override
  void beginSlot(int slot, float[] param) {
    mF = first.of(slot, param);
    vF = second.of(slot, param);
  }

  @Override
  void updateRange(int from, int to) {
    if (paramF != null) {
      updateFloats(from, to);
      return;
    }
    for (int i = from; i < to; i++) {
      double u = updateD[i];
      mD[i] = b1 * mD[i] + (1 - b1) * u;
      vD[i] = b2 * vD[i] + (1 - b2) * u * u;
      paramD[i] += lr * (mD[i] / correction1) / (Math.sqrt(vD[i] / correction2) + eps);
    }
  }

  private void updateFloats(int from, int to) {
    float beta1 = (float) b1;
    float beta2 = (float) b2;
    // 1 - b2 in float arithmetic would lose five digits to the rounding of b2 itself.
    float rest1 = (float) (1 - b1);
    float rest2 = (float) (1 - b2);
    float c1 = (float) correction1;
    float c2 = (float) correction2;
    for (int i = from; i < to; i++) {
      float u = updateF[i];
      mF[i] = beta1 * mF[i] + rest1 * u;
      vF[i] = beta2 * vF[i] + rest2 * u * u;
      paramF[i] += (float) lr * (mF[i] / c1) / ((float) Math.sqrt(vF[i] / c2) + (float) eps);
    }
  }

  @Override
  Map<String, SlotState> moments() {
    return Map.of("m", first, "v", second);
  }

  @Override
  public String toString() {
    return "adam(lr=" + lr + ", b1=" + b1 + ", b2=" + b2 + ", eps=" + eps + ")";
  }
}
