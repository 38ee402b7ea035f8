package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training loop, driving a hand-written softmax regression (see SoftmaxRegression). */
class TrainerTest {

  /** This run reaches about 0.79 (softmax regression tops out near 0.84); 0.7 means a bug. */
  private static final double MIN_ACCURACY = 0.7;

  private static Trainer.Config config(int epochs, int batchSize, long seed, boolean shuffle) {
    return new Trainer.Config(Algorithm.BP, PcOptions.defaults(), epochs, batchSize, seed,
        shuffle, true);
  }

  @Test
  void learnsFashionMnistAndReportsEveryEpoch() {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR), "Fashion-MNIST is not installed");
    FashionMnist data = FashionMnist.load();
    SoftmaxRegression model = new SoftmaxRegression(784, 10, 50, DType.F64);
    List<EpochMetrics> heard = new ArrayList<>();

    List<EpochMetrics> history = new Trainer(model, new Sgd(0.1), config(3, 50, 1, true))
        .train(data.train().head(6000), data.test().head(1000), heard::add);

    assertThat(heard).isEqualTo(history);
    assertThat(history).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
    assertThat(history.get(2).trainLoss()).isLessThan(history.get(0).trainLoss());
    assertThat(history.get(2).testAccuracy()).isGreaterThan(MIN_ACCURACY);
    assertThat(history.get(2).seconds()).isPositive();
    assertThat(history.get(2).stepsPerSecond())
        .isEqualTo(120 / history.get(2).seconds());
  }

  @Test
  void theLastPartialBatchIsTrainedOn() {
    SoftmaxRegression model = new SoftmaxRegression(3, 2, 4, DType.F64);
    Dataset data = synthetic(10, 3, 2);

    new Trainer(model, new Sgd(0.1), config(2, 4, 1, true)).train(data, data.head(1), m -> {});

    // Per epoch three training batches (4, 4, 2), then one evaluation batch of 1 sample.
    assertThat(model.batchSizes).containsExactly(4, 4, 2, 1, 4, 4, 2, 1);
  }

  @Test
  void aSeedRepeatsARunAndShufflingChangesIt() {
    Dataset data = synthetic(40, 3, 2);
    double[] same1 = firstLosses(data, 7, true);
    double[] same2 = firstLosses(data, 7, true);
    double[] unshuffled = firstLosses(data, 7, false);
    assertThat(same1).isEqualTo(same2);
    assertThat(unshuffled).isNotEqualTo(same1);
  }

  @Test
  void dataOfTheWrongShapeIsRefusedNamingBothShapes() {
    SoftmaxRegression model = new SoftmaxRegression(784, 10, 8, DType.F64);
    Dataset data = synthetic(4, 5, 10);
    Trainer trainer = new Trainer(model, new Sgd(0.1), config(1, 8, 1, true));
    assertThatThrownBy(() -> trainer.train(data, data, m -> {}))
        .isInstanceOf(DataException.class)
        .hasMessage("synthetic: samples of shape [5] (5 values) do not fit input x[784] "
            + "(784 values) of model softmax");
    Dataset threeClasses = synthetic(4, 784, 3);
    assertThatThrownBy(() -> trainer.train(threeClasses, threeClasses, m -> {}))
        .hasMessage("synthetic: 3 classes do not fit t[10] (10 values) of model softmax, "
            + "which needs one value per class");
  }

  @Test
  void aBatchLargerThanTheModelIsRefused() {
    SoftmaxRegression model = new SoftmaxRegression(3, 2, 4, DType.F64);
    assertThatThrownBy(() -> new Trainer(model, new Sgd(0.1), config(1, 5, 1, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch size 5 exceeds the capacity 4 the model was built for");
  }

  @Test
  void aLossThatOverflowsStopsTraining() {
    SoftmaxRegression model = new SoftmaxRegression(1, 2, 2, DType.F64);
    Dataset huge = Dataset.ofDoubles("huge", new int[] {1}, new double[] {1e300, -1e300},
        new int[] {0, 1}, 2);
    Trainer trainer = new Trainer(model, new Sgd(1e300), config(1, 1, 1, false));
    assertThatThrownBy(() -> trainer.train(huge, huge, m -> {}))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("at epoch 1, step 2; training diverged");
  }

  private static double[] firstLosses(Dataset data, long seed, boolean shuffle) {
    SoftmaxRegression model = new SoftmaxRegression(3, 2, 5, DType.F64);
    return new Trainer(model, new Momentum(0.5, 0.9), config(3, 5, seed, shuffle))
        .train(data, data, m -> {}).stream().mapToDouble(EpochMetrics::trainLoss).toArray();
  }

  /** Sample s: features cos(s + f) and label (s % classes), a learnable but noisy pattern. */
  static Dataset synthetic(int samples, int features, int classes) {
    double[] x = new double[samples * features];
    int[] labels = new int[samples];
    for (int s = 0; s < samples; s++) {
      labels[s] = s % classes;
      for (int f = 0; f < features; f++) {
        x[s * features + f] = Math.cos(s + f) + (f == labels[s] % features ? 1 : 0);
      }
    }
    return Dataset.ofDoubles("synthetic", new int[] {features}, x, labels, classes);
  }
}
