package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Loss and accuracy against values worked out by hand. */
class EvaluatorTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void accuracyAndMeanLossOverBatchesOfTheModelsCapacity() {
    // W = 2 I, b = 0: the logits are twice the features. Capacity 2 makes batches 2 + 1.
    SoftmaxRegression model = new SoftmaxRegression(3, 3, 2, DType.F64);
    model.setParam(0, new double[] {2, 0, 0, 0, 2, 0, 0, 0, 2});
    Dataset data = Dataset.ofDoubles("three", new int[] {3},
        new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new int[] {0, 2, 2}, 3);

    Evaluator.Result result = Evaluator.evaluate(model, data);

    // Predictions 0, 1, 2 against labels 0, 2, 2.
    assertThat(result.accuracy()).isCloseTo(2.0 / 3, within(TOLERANCE));
    assertThat(result.samples()).isEqualTo(3);
    // Each row's log-sum-exp is log(e^2 + 2); the label's logit is 2, 0 and 2.
    double expected = Math.log(Math.exp(2) + 2) - 4.0 / 3;
    assertThat(result.loss()).isCloseTo(expected, within(TOLERANCE));
    assertThat(model.batchSizes).containsExactly(2, 1);
  }

  @Test
  void tiesGoToTheFirstClass() {
    double[] output = {1, 1, 0, 0, 3, 3};
    assertThat(Evaluator.countCorrect(output, new int[] {0, 2}, 2, 3)).isEqualTo(1);
  }
}
