package org.pcg.runtime;

import java.util.Arrays;

/**
 * What every optimizer here shares: the step count, checks that steps come in the order the
 * {@link Optimizer} contract gives, and per-slot state allocated on a slot's first step.
 */
abstract class SlotOptimizer implements Optimizer {

  private long steps;
  private boolean steppedSinceBegin = true;

  @Override
  public final void beginStep() {
    if (!steppedSinceBegin) {
      throw new IllegalStateException("beginStep() called twice with no step() in between; "
          + "call it once per training step");
    }
    steps++;
    steppedSinceBegin = false;
    onBeginStep(steps);
  }

  @Override
  public final void step(int slot, double[] param, double[] update) {
    checkStep(slot, param.length, update.length);
    update(slot, param, update);
  }

  @Override
  public final void step(int slot, float[] param, float[] update) {
    checkStep(slot, param.length, update.length);
    update(slot, param, update);
  }

  /** Called by {@link #beginStep()} with the number of the step that begins, from 1. */
  void onBeginStep(long step) {}

  abstract void update(int slot, double[] param, double[] update);

  abstract void update(int slot, float[] param, float[] update);

  private void checkStep(int slot, int paramLength, int updateLength) {
    if (steps == 0) {
      throw new IllegalStateException("step() before the first beginStep()");
    }
    if (slot < 0 || paramLength != updateLength) {
      throw new IllegalArgumentException("slot " + slot + ": parameter of " + paramLength
          + " values, update of " + updateLength);
    }
    steppedSinceBegin = true;
  }

  /** One array of state per slot, the parameter's length, allocated on the slot's first use. */
  static final class SlotState {

    private double[][] doubles = new double[0][];
    private float[][] floats = new float[0][];

    double[] of(int slot, double[] param) {
      if (slot >= doubles.length) {
        doubles = Arrays.copyOf(doubles, slot + 1);
      }
      if (doubles[slot] == null) {
        doubles[slot] = new double[param.length];
      }
      return checked(slot, doubles[slot].length, param.length, doubles[slot]);
    }

    float[] of(int slot, float[] param) {
      if (slot >= floats.length) {
        floats = Arrays.copyOf(floats, slot + 1);
      }
      if (floats[slot] == null) {
        floats[slot] = new float[param.length];
      }
      return checked(slot, floats[slot].length, param.length, floats[slot]);
    }

    private static <T> T checked(int slot, int had, int has, T state) {
      if (had != has) {
        throw new IllegalStateException("slot " + slot + " had " + had
            + " values in an earlier step and has " + has + " now");
      }
      return state;
    }
  }

  static double checkRate(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
    }
    return lr;
  }

  static double checkDecay(String name, double beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1), got " + beta);
    }
    return beta;
  }
}
