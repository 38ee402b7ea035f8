package org.pcg.runtime;

import java.util.Map;

/**
 * An optimizer seen through a scale on the updates, for one clipped step. It scales each
 * update array in place before passing it on: the model's own update buffer, which the next
 * step overwrites anyway.
 */
final class ScaledUpdates implements Optimizer {

  private final Optimizer inner;
  private final double scale;

  ScaledUpdates(Optimizer inner, double scale) {
    this.inner = inner;
    this.scale = scale;
  }

  @Override
  public void beginStep() {
    inner.beginStep();
  }

  @Override
  public void step(int slot, double[] param, double[] update) {
    for (int i = 0; i < update.length; i++) {
      update[i] *= scale;
    }
    inner.step(slot, param, update);
  }

  @Override
  public void step(int slot, float[] param, float[] update) {
    float s = (float) scale;
    for (int i = 0; i < update.length; i++) {
      update[i] *= s;
    }
    inner.step(slot, param, update);
  }

  @Override
  public Map<String, NpyArray> state() {
    return inner.state();
  }

  @Override
  public void restore(Map<String, NpyArray> state) {
    inner.restore(state);
  }
}
