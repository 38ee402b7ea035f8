package org.pcg.runtime;

import java.util.Map;

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

  /**
   * Everything a training checkpoint must keep for the optimizer to continue exactly: the
   * step count and each slot's moments, as named arrays. An array that belongs to slot k is
   * named {@code NAME.k} and has the length of that slot's parameter. A stateless optimizer
   * has none.
   */
  default Map<String, NpyArray> state() {
    return Map.of();
  }

  /**
   * Puts back what {@link #state()} returned, in a fresh optimizer of the same kind.
   *
   * @throws IllegalArgumentException when the arrays are not this optimizer's state
   */
  default void restore(Map<String, NpyArray> state) {
    if (!state.isEmpty()) {
      throw new IllegalArgumentException(this + " keeps no state, got " + state.keySet());
    }
  }
}
