package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training checkpoints: a run resumed from one ends with the weights of an unbroken run, bit
 * for bit; a checkpoint of other settings is refused; a diverging run keeps its last good one.
 */
class TrainingCheckpointTest {

  private static final int FEATURES = 3;
  private static final int CLASSES = 2;
  private static final int BATCH = 3;
  /** 11 samples in batches of 3: four steps per epoch, the last one of 2 samples. */
  private static final Dataset DATA = TrainerTest.synthetic(11, FEATURES, CLASSES);

  @TempDir Path dir;

  private static Trainer.Config config(int epochs) {
    return new Trainer.Config(Algorithm.BP, PcOptions.defaults(), epochs, BATCH, 5, true,
        true);
  }

  private static SoftmaxRegression model() {
    SoftmaxRegression m = new SoftmaxRegression(FEATURES, CLASSES, BATCH, DType.F64);
    m.setParam(0, new double[] {0.1, -0.2, 0.3, -0.4, 0.5, -0.6});
    return m;
  }

  private static double[] weights(CompiledModel m) {
    double[] w = new double[FEATURES * CLASSES + CLASSES];
    double[] part = new double[FEATURES * CLASSES];
    m.getParam(0, part);
    System.arraycopy(part, 0, w, 0, part.length);
    double[] b = new double[CLASSES];
    m.getParam(1, b);
    System.arraycopy(b, 0, w, part.length, CLASSES);
    return w;
  }

  @Test
  void resumingMidEpochEndsWithTheWeightsOfAnUnbrokenRun() {
    for (Supplier<Optimizer> optimizer : List.<Supplier<Optimizer>>of(() -> new Sgd(0.3),
        () -> new Momentum(0.3, 0.9), () -> new Adam(0.05))) {
      SoftmaxRegression unbroken = model();
      new Trainer(unbroken, optimizer.get(), config(3)).train(DATA, DATA, m -> {});

      // Every 3 steps of 4-step epochs: after epoch 1 the file holds epoch 1, step 3.
      Path file = dir.resolve("run.npz");
      Path copy = dir.resolve("after-epoch-1.npz");
      new Trainer(model(), optimizer.get(), config(3))
          .withCheckpoints(new Trainer.Checkpointing(file, 3))
          .train(DATA, DATA, m -> copyOnce(file, copy, m.epoch() == 1));

      SoftmaxRegression resumed = model();
      Trainer trainer = new Trainer(resumed, optimizer.get(), config(3));
      TrainingState from = trainer.resumeFrom(copy, DATA);
      List<EpochMetrics> history = trainer.train(DATA, DATA, m -> {}, from);

      assertThat(from.epoch()).isEqualTo(1);
      assertThat(from.stepsDone()).isEqualTo(3);
      assertThat(history).hasSize(3);
      assertThat(weights(resumed)).as(optimizer.get().toString())
          .isEqualTo(weights(unbroken));
    }
  }

  @Test
  void aFinishedRunContinuesForMoreEpochsAsIfUnbroken() {
    SoftmaxRegression unbroken = model();
    List<EpochMetrics> all = new Trainer(unbroken, new Adam(0.05), config(4))
        .train(DATA, DATA, m -> {});
    Path file = dir.resolve("two.npz");
    new Trainer(model(), new Adam(0.05), config(2))
        .withCheckpoints(new Trainer.Checkpointing(file, 100)).train(DATA, DATA, m -> {});

    SoftmaxRegression resumed = model();
    Trainer trainer = new Trainer(resumed, new Adam(0.05), config(4));
    List<EpochMetrics> heard = new ArrayList<>();
    List<EpochMetrics> history = trainer.train(DATA, DATA, heard::add,
        trainer.resumeFrom(file, DATA));

    assertThat(weights(resumed)).isEqualTo(weights(unbroken));
    assertThat(heard).extracting(EpochMetrics::epoch).containsExactly(3, 4);
    assertThat(history).extracting(EpochMetrics::trainLoss)
        .isEqualTo(all.stream().map(EpochMetrics::trainLoss).toList());
  }

  @Test
  void resumingRemovesWhatAKilledSaveLeftBeside() throws IOException {
    Path file = dir.resolve("killed.npz");
    new Trainer(model(), new Sgd(0.3), config(1))
        .withCheckpoints(new Trainer.Checkpointing(file, 2)).train(DATA, DATA, m -> {});
    Path litter = Files.writeString(dir.resolve(".killed.npz.5eed.tmp"), "half a save");

    new Trainer(model(), new Sgd(0.3), config(2)).resumeFrom(file, DATA);

    assertThat(litter).doesNotExist();
    assertThat(file).exists();
  }

  @Test
  void aTrainingCheckpointAlsoLoadsAsWeights() {
    Path file = dir.resolve("both.npz");
    SoftmaxRegression trained = model();
    new Trainer(trained, new Momentum(0.3, 0.9), config(1))
        .withCheckpoints(new Trainer.Checkpointing(file, 2)).train(DATA, DATA, m -> {});

    SoftmaxRegression loaded = model();
    Checkpoints.load(loaded, file);

    assertThat(weights(loaded)).isEqualTo(weights(trained));
  }

  @Test
  void aCheckpointOfOtherSettingsIsRefusedNamingWhatDiffers() {
    Path file = dir.resolve("sgd.npz");
    new Trainer(model(), new Sgd(0.3), config(1))
        .withCheckpoints(new Trainer.Checkpointing(file, 2)).train(DATA, DATA, m -> {});

    Trainer other = new Trainer(model(), new Sgd(0.2), config(1));
    assertThatThrownBy(() -> other.resumeFrom(file, DATA))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": was written by a run with other settings (optimizer was"
            + " sgd(lr=0.3), is now sgd(lr=0.2)); resume with the same settings, or start from"
            + " its weights with --init-from");
    Trainer fewer = new Trainer(model(), new Sgd(0.3), config(1));
    assertThatThrownBy(() -> fewer.resumeFrom(file, DATA.head(10)))
        .hasMessageContaining("training samples was 11, is now 10");
  }

  @Test
  void otherInferenceSettingsAreNamedOneByOne() {
    Path file = dir.resolve("gamma.npz");
    new Trainer(model(), new Sgd(0.3), config(1))
        .withCheckpoints(new Trainer.Checkpointing(file, 2)).train(DATA, DATA, m -> {});

    Trainer.Config other = new Trainer.Config(Algorithm.BP,
        PcOptions.defaults().withGamma(0.5).withSteps(7), 1, BATCH, 5, true, true);
    assertThatThrownBy(() -> new Trainer(model(), new Sgd(0.3), other).resumeFrom(file, DATA))
        .hasMessageContaining("(inference steps was 20, is now 7; inference step size was"
            + " 1.0, is now 0.5)")
        .hasMessageNotContaining("PcOptions");
  }

  @Test
  void weightsAloneCannotBeResumedFrom() {
    Path file = dir.resolve("weights.npz");
    Checkpoints.save(model(), file);
    Trainer trainer = new Trainer(model(), new Sgd(0.3), config(1));
    assertThatThrownBy(() -> trainer.resumeFrom(file, DATA))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": holds weights but no training state; a run cannot resume from it"
            + " (start from its weights with --init-from)");
  }

  @Test
  void aDivergingRunKeepsItsLastGoodCheckpoint() {
    // Samples 0-3 are ordinary; samples 4 and 5 overflow the logits at step 3.
    double[] x = new double[] {1, 0.5, -1, 0.2, 1e300, 1e300, 1, 1};
    Dataset data = Dataset.ofDoubles("overflow", new int[] {1}, x,
        new int[] {0, 1, 0, 1, 0, 0, 0, 1}, 2);
    Path file = dir.resolve("good.npz");
    SoftmaxRegression m = new SoftmaxRegression(1, 2, 2, DType.F64);
    Trainer trainer = new Trainer(m, new Sgd(1e10), new Trainer.Config(Algorithm.BP,
        PcOptions.defaults(), 1, 2, 1, false, true))
        .withCheckpoints(new Trainer.Checkpointing(file, 1));

    assertThatThrownBy(() -> trainer.train(data, data, e -> {}))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("epoch 1, step 3")
        .hasMessageEndingWith("the last good checkpoint, " + file
            + ", is from epoch 1, step 2");
    SoftmaxRegression restored = new SoftmaxRegression(1, 2, 2, DType.F64);
    TrainingState state = new Trainer(restored, new Sgd(1e10), new Trainer.Config(
        Algorithm.BP, PcOptions.defaults(), 1, 2, 1, false, true)).resumeFrom(file, data);
    assertThat(state.stepsDone()).isEqualTo(2);
    assertThat(java.util.Arrays.stream(weights2(restored)).allMatch(Double::isFinite)).isTrue();
  }

  @Test
  void clippingScalesAStepDownToTheNorm() {
    SoftmaxRegression probe = model();
    Dataset one = DATA.head(BATCH);
    Batch batch = one.newBatch(BATCH);
    int[] order = {0, 1, 2};
    one.batch(order, 0, BATCH, batch);
    probe.setBatch(BATCH, batch.inputs(), batch.targets());
    probe.computeUpdates(Algorithm.BP, PcOptions.defaults());
    double[] before = weights(probe);
    double norm = new ParamCheck(probe).updateNorm();
    double[] update = updates(probe);

    SoftmaxRegression clipped = model();
    new Trainer(clipped, new Sgd(1), new Trainer.Config(Algorithm.BP, PcOptions.defaults(),
        1, BATCH, 1, false, true)).withUpdateClipping(norm / 4).train(one, one, m -> {});

    double scale = (norm / 4) / (norm + 1e-6);
    double[] after = weights(clipped);
    for (int i = 0; i < after.length; i++) {
      assertThat(after[i]).isEqualTo(before[i] + scale * update[i]);
    }
  }

  private static double[] weights2(SoftmaxRegression m) {
    double[] w = new double[2];
    m.getParam(0, w);
    return w;
  }

  private static double[] updates(CompiledModel m) {
    double[] all = new double[FEATURES * CLASSES + CLASSES];
    double[] w = new double[FEATURES * CLASSES];
    m.getUpdate(0, w);
    System.arraycopy(w, 0, all, 0, w.length);
    double[] b = new double[CLASSES];
    m.getUpdate(1, b);
    System.arraycopy(b, 0, all, w.length, CLASSES);
    return all;
  }

  private static void copyOnce(Path from, Path to, boolean now) {
    if (!now) {
      return;
    }
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
