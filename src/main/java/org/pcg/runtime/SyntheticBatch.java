package org.pcg.runtime;

import java.util.SplittableRandom;

/**
 * A seeded synthetic batch that fits any model: standard normal inputs and, for a
 * cross-entropy loss, one-hot targets (uniform values in [0, 1) for mse or bce). Used where
 * an update must be computed without a data set: {@code pcg check} and generated tests.
 */
public final class SyntheticBatch {

  private SyntheticBatch() {}

  /** Draws a batch of {@code n} samples from {@code seed} and sets it on {@code model}. */
  public static void load(CompiledModel model, int n, long seed) {
    ModelInfo info = model.info();
    SplittableRandom random = new SplittableRandom(seed);
    double[][] inputs = new double[info.inputs().size()][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = new double[n * info.inputs().get(i).size()];
      for (int j = 0; j < inputs[i].length; j++) {
        inputs[i][j] = gaussian(random);
      }
    }
    model.setBatch(n, inputs, targets(info, n, random));
  }

  private static double[] targets(ModelInfo info, int n, SplittableRandom random) {
    int classes = info.target().size();
    double[] target = new double[n * classes];
    boolean oneHot = info.loss().equals("cross_entropy");
    for (int s = 0; s < n; s++) {
      if (oneHot) {
        target[s * classes + random.nextInt(classes)] = 1;
        continue;
      }
      for (int c = 0; c < classes; c++) {
        target[s * classes + c] = random.nextDouble();
      }
    }
    return target;
  }

  /** Box-Muller: one standard normal draw from two uniform ones. */
  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }
}
