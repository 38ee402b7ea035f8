package org.pcg.runtime;

import java.util.List;

/**
 * Looks at a model's parameters and updates from outside, through copies: whether they are
 * finite, and the norm of a step's updates. The copies are allocated once.
 */
final class ParamCheck {

  private final CompiledModel model;
  private final double[][] scratch;

  ParamCheck(CompiledModel model) {
    this.model = model;
    List<TensorSpec> params = model.info().params();
    this.scratch = new double[params.size()][];
    for (int p = 0; p < scratch.length; p++) {
      scratch[p] = new double[params.get(p).size()];
    }
  }

  /** The name of the first parameter holding a NaN or an infinity, or null. */
  String firstNonFiniteParam() {
    for (int p = 0; p < scratch.length; p++) {
      model.getParam(p, scratch[p]);
      if (!allFinite(scratch[p])) {
        return model.info().params().get(p).name();
      }
    }
    return null;
  }

  /** The name of the first parameter whose last update holds a NaN or an infinity, or null. */
  String firstNonFiniteUpdate() {
    for (int p = 0; p < scratch.length; p++) {
      model.getUpdate(p, scratch[p]);
      if (!allFinite(scratch[p])) {
        return model.info().params().get(p).name();
      }
    }
    return null;
  }

  /** The Euclidean norm of the last updates of all parameters together. */
  double updateNorm() {
    double sum = 0;
    for (int p = 0; p < scratch.length; p++) {
      model.getUpdate(p, scratch[p]);
      for (double u : scratch[p]) {
        sum += u * u;
      }
    }
    return Math.sqrt(sum);
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
