package org.pcg.runtime;

import java.util.Arrays;

/**
 * Measures a model on a data set without training it: the mean loss per sample and the
 * fraction of samples whose largest output is the label.
 */
public final class Evaluator {

  /** Loss and accuracy over {@code samples} samples. */
  public record Result(double loss, double accuracy, int samples) {}

  /** Hears of a batch whose loss is not finite, while the model holds its forward pass. */
  @FunctionalInterface
  public interface NonFiniteLoss {

    /**
     * Called with the batch's loss, its first sample (from 0, in file order) and its size;
     * may throw to stop the evaluation.
     */
    void batch(double loss, int firstSample, int samples);
  }

  private Evaluator() {}

  /** Runs the forward pass over all of {@code data} in batches of the model's capacity. */
  public static Result evaluate(CompiledModel model, Dataset data) {
    return evaluate(model, data, (loss, first, samples) -> { });
  }

  /**
   * As {@link #evaluate(CompiledModel, Dataset)}; a batch whose loss is not finite calls
   * {@code onNonFinite}, and counts as usual if it returns.
   */
  public static Result evaluate(CompiledModel model, Dataset data, NonFiniteLoss onNonFinite) {
    checkFits(model.info(), data);
    int capacity = model.capacity();
    Batch batch = data.newBatch(capacity);
    int classes = data.numClasses();
    double[] output = new double[capacity * classes];
    int[] order = new int[data.size()];
    Shuffler.none().nextOrder(order);

    double lossSum = 0;
    int correct = 0;
    for (int start = 0; start < data.size(); start += capacity) {
      int n = Math.min(capacity, data.size() - start);
      data.batch(order, start, n, batch);
      model.setBatch(n, batch.inputs(), batch.targets());
      double loss = model.forward();
      if (!Double.isFinite(loss)) {
        onNonFinite.batch(loss, start, n);
      }
      lossSum += sampleLossSum(model.info(), loss, n);
      model.output(output);
      correct += countCorrect(output, batch.labels(), n, classes);
    }
    return new Result(lossSum / data.size(), (double) correct / data.size(), data.size());
  }

  /** The loss of a batch summed over its samples, whichever reduction the model uses. */
  static double sampleLossSum(ModelInfo info, double batchLoss, int n) {
    return info.meanReduction() ? batchLoss * n : batchLoss;
  }

  /** Rows whose first largest value sits at the label's position. */
  static int countCorrect(double[] output, int[] labels, int n, int classes) {
    int correct = 0;
    for (int row = 0; row < n; row++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (output[row * classes + c] > output[row * classes + best]) {
          best = c;
        }
      }
      correct += best == labels[row] ? 1 : 0;
    }
    return correct;
  }

  /**
   * Throws a {@link DataException} naming both shapes unless the model takes one input of
   * the data's sample size and has target and output of one value per class.
   */
  static void checkFits(ModelInfo info, Dataset data) {
    if (info.inputs().size() != 1) {
      throw new DataException("model " + info.name() + " has " + info.inputs().size()
          + " inputs; training and evaluation on a classification data set feed exactly one");
    }
    TensorSpec input = info.inputs().get(0);
    if (input.size() != data.featureCount()) {
      throw new DataException(data.source() + ": samples of shape "
          + Arrays.toString(data.sampleShape()) + " (" + data.featureCount()
          + " values) do not fit input " + input + " (" + input.size() + " values) of model "
          + info.name());
    }
    for (TensorSpec perClass : new TensorSpec[] {info.target(), info.output()}) {
      if (perClass.size() != data.numClasses()) {
        throw new DataException(data.source() + ": " + data.numClasses() + " classes do not "
            + "fit " + perClass + " (" + perClass.size() + " values) of model " + info.name()
            + ", which needs one value per class");
      }
    }
  }
}
