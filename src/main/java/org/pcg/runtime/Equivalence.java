package org.pcg.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the parameter updates of two learning rules on the same weights and batch, as
 * {@code pcg check} and generated equivalence tests do. The relative difference of a
 * parameter is the largest absolute difference divided by the largest absolute reference
 * update, so a parameter whose updates are all tiny is not judged by its noise.
 */
public final class Equivalence {

  /** How far one parameter's update is from the reference. */
  public record Difference(String param, double maxAbs, double maxRel) {}

  private Equivalence() {}

  /** The updates {@code algo} computes on the model's current batch, one array per param. */
  public static double[][] updates(CompiledModel model, Algorithm algo, PcOptions options) {
    model.computeUpdates(algo, options);
    List<TensorSpec> params = model.info().params();
    double[][] updates = new double[params.size()][];
    for (int i = 0; i < updates.length; i++) {
      updates[i] = new double[params.get(i).size()];
      model.getUpdate(i, updates[i]);
    }
    return updates;
  }

  /** Per-parameter differences of {@code updates} from {@code reference}. */
  public static List<Difference> compare(ModelInfo info, double[][] updates,
      double[][] reference) {
    List<Difference> out = new ArrayList<>();
    for (int i = 0; i < reference.length; i++) {
      out.add(difference(info.params().get(i).name(), updates[i], reference[i]));
    }
    return out;
  }

  /**
   * The Euclidean distance of all updates from the reference, relative to the reference's
   * norm: one number for "how far is this rule from BP", as the Z-IL paper reports it.
   */
  public static double normRelative(double[][] updates, double[][] reference) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < reference.length; i++) {
      for (int j = 0; j < reference[i].length; j++) {
        double d = updates[i][j] - reference[i][j];
        diff += d * d;
        norm += reference[i][j] * reference[i][j];
      }
    }
    return norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
  }

  /** The largest relative difference over all parameters, relative to each one's scale. */
  public static double maxRelative(List<Difference> differences) {
    double worst = 0;
    for (Difference d : differences) {
      worst = Math.max(worst, Double.isNaN(d.maxRel()) ? Double.POSITIVE_INFINITY : d.maxRel());
    }
    return worst;
  }

  static Difference difference(String name, double[] a, double[] ref) {
    double maxAbs = 0;
    double scale = 0;
    for (int j = 0; j < ref.length; j++) {
      double diff = Math.abs(a[j] - ref[j]);
      maxAbs = Double.isNaN(diff) ? Double.NaN : Math.max(maxAbs, diff);
      scale = Math.max(scale, Math.abs(ref[j]));
    }
    double rel = scale == 0 ? (maxAbs == 0 ? 0 : Double.POSITIVE_INFINITY) : maxAbs / scale;
    return new Difference(name, maxAbs, rel);
  }
}
