package org.pcg.runtime;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every optimizer here shares: the step count, checks that steps come in the order the
 * {@link Optimizer} contract gives, and per-slot state allocated on a slot's first step.
 */
abstract class SlotOptimizer implements Optimizer {

  private static final String STEPS = "steps";

  private long steps;
  private boolean steppedSinceBegin = true;

  /**
   * The parameter and update of the slot being stepped, in the model's precision (the
   * other pair is null), for {@link #updateRange}. Fields rather than a lambda's captures,
   * so that a step allocates nothing.
   */
  double[] paramD;
  double[] updateD;
  float[] paramF;
  float[] updateF;
  private final SplitGemm.Ranges ranges = this::updateRange;

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
    beginSlot(slot, param);
    paramD = param;
    updateD = update;
    try {
      Kernels.forRanges(param.length, ranges);
    } finally {
      paramD = updateD = null;
    }
  }

  @Override
  public final void step(int slot, float[] param, float[] update) {
    checkStep(slot, param.length, update.length);
    beginSlot(slot, param);
    paramF = param;
    updateF = update;
    try {
      Kernels.forRanges(param.length, ranges);
    } finally {
      paramF = updateF = null;
    }
  }

  /** The step count as {@code steps} and every allocated slot of every moment. */
  @Override
  public final Map<String, NpyArray> state() {
    Map<String, NpyArray> state = new LinkedHashMap<>();
    state.put(STEPS, NpyArray.of(new long[] {steps}, 1));
    // Sorted, so that the same state always makes the same file.
    new TreeMap<>(moments()).forEach((name, moment) -> moment.exportTo(name, state));
    return state;
  }

  @Override
  public final void restore(Map<String, NpyArray> state) {
    if (steps != 0) {
      throw new IllegalStateException("restore() into an optimizer that has already stepped");
    }
    NpyArray count = state.get(STEPS);
    if (count == null || count.kind() != NpyArray.Kind.I8 || count.size() != 1) {
      throw new IllegalArgumentException("no step count in the state of " + this);
    }
    if (count.toLongs()[0] < 0) {
      throw new IllegalArgumentException("the state of " + this + " counts "
          + count.toLongs()[0] + " steps; a count is never negative");
    }
    for (String key : state.keySet()) {
      if (!key.equals(STEPS) && !moments().containsKey(key.substring(0, dot(key)))) {
        throw new IllegalArgumentException(this + " has no state named " + key);
      }
    }
    moments().forEach((name, moment) -> moment.importFrom(name, state));
    steps = count.toLongs()[0];
  }

  /** Index of the dot before a slot number, or the key's length when there is none. */
  private static int dot(String key) {
    int at = key.lastIndexOf('.');
    return at < 0 ? key.length() : at;
  }

  /** The per-slot state by name, for checkpoints; none unless a subclass keeps some. */
  Map<String, SlotState> moments() {
    return Map.of();
  }

  /** Called by {@link #beginStep()} with the number of the step that begins, from 1. */
  void onBeginStep(long step) {}

  /**
   * Fetches slot {@code slot}'s moments for {@link #updateRange}. Called before the slot's
   * range is shared out between threads, because a {@link SlotState} allocates on first use
   * and is not safe to call from several threads.
   */
  void beginSlot(int slot, double[] param) {}

  /** Fetches slot {@code slot}'s moments for {@link #updateRange}; see the double form. */
  void beginSlot(int slot, float[] param) {}

  /**
   * Updates elements {@code from} to {@code to} of the slot being stepped: {@link #paramF}
   * and {@link #updateF} in float, else {@link #paramD} and {@link #updateD}. With
   * --threads it runs on several threads at once, over ranges that do not overlap.
   */
  abstract void updateRange(int from, int to);

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

    /** Adds {@code NAME.k} for every allocated slot k, as float64 or float32. */
    void exportTo(String name, Map<String, NpyArray> state) {
      for (int k = 0; k < Math.max(doubles.length, floats.length); k++) {
        if (k < doubles.length && doubles[k] != null) {
          state.put(name + "." + k, NpyArray.of(doubles[k], doubles[k].length));
        } else if (k < floats.length && floats[k] != null) {
          state.put(name + "." + k, NpyArray.of(floats[k], floats[k].length));
        }
      }
    }

    /** Takes every {@code NAME.k} of {@code state}: float32 ones as floats, others as doubles. */
    void importFrom(String name, Map<String, NpyArray> state) {
      state.forEach((key, array) -> {
        if (key.startsWith(name + ".")) {
          importSlot(slotOf(key, name.length() + 1), array);
        }
      });
    }

    private void importSlot(int slot, NpyArray array) {
      if (array.shape().length != 1) {
        throw new IllegalArgumentException("slot " + slot + " state has shape "
            + Arrays.toString(array.shape()) + "; expected one dimension");
      }
      double[] values = array.toDoubles();
      if (array.kind() == NpyArray.Kind.F4) {
        floats = Arrays.copyOf(floats, Math.max(floats.length, slot + 1));
        floats[slot] = new float[values.length];
        for (int i = 0; i < values.length; i++) {
          floats[slot][i] = (float) values[i];
        }
      } else {
        doubles = Arrays.copyOf(doubles, Math.max(doubles.length, slot + 1));
        doubles[slot] = values;
      }
    }

    private static int slotOf(String key, int from) {
      String digits = key.substring(from);
      if (!digits.matches("[0-9]{1,6}")) {
        throw new IllegalArgumentException("state " + key + " names no slot");
      }
      return Integer.parseInt(digits);
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
