package org.pcg.runtime;

/**
 * Applies one step's parameter updates. An update is delta-shaped (the negative gradient, or
 * the predictive-coding learning rule's increment), so plain SGD adds {@code lr * update}.
 * A slot is a parameter's index in {@link ModelInfo#params()}; stateful optimizers keep their
 * moments per slot.
 */
public interface Optimizer {

  /** Called once before the slots of one training step are stepped. */
  void beginStep();

  void step(int slot, double[] param, double[] update);

  void step(int slot, float[] param, float[] update);
}
