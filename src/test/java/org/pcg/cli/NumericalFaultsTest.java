package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.runtime.NpyArray;
import org.pcg.runtime.Npz;

/**
 * A run whose numbers stop being finite stops with a message that names the vertex and the
 * model-file line where the first NaN or infinity appeared, and keeps its last good
 * checkpoint.
 */
class NumericalFaultsTest {

  /** log of the input: finite while the data stay positive. */
  private static final String MODEL = """
      model logs {
          input  x : [2]
          target y : [2]
          param  W : [2, 2] init uniform(-0.5, 0.5)
          h = tanh(W @ x)
          r = log(x) + h
          loss mse(r, y)
      }
      """;

  /** Linear, so a huge learning rate overflows the weights instead of saturating. */
  private static final String LINEAR = """
      model lin {
          input  x : [2]
          target y : [2]
          param  W : [2, 2] init uniform(-0.5, 0.5)
          r = W @ x
          loss mse(r, y)
      }
      """;

  @TempDir Path dir;

  @Test
  void aNanNamesTheVertexAndLineAndKeepsTheLastGoodCheckpoint() throws IOException {
    // Batches of 2 in file order: the third batch holds a negative value.
    Path data = csv("train.csv", "0,1,2\n1,2,1\n0,3,1\n1,1,3\n0,-1,2\n1,2,2\n");
    Path checkpoint = dir.resolve("ck.npz");
    TrainCommandTest.Result r = train(data, "--checkpoint-every", "1", "--checkpoint",
        checkpoint.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).isEqualTo("pcg: error: the loss became NaN at epoch 1, step 3; the"
        + " first value that is not finite is in vertex r (" + dir.resolve("logs.pcg")
        + ":6:5); training diverged (a smaller learning rate or update clipping may help);"
        + " the last good checkpoint, " + checkpoint + ", is from epoch 1, step 2\n");
    assertThat(Npz.read(checkpoint).get("train:position").toLongs()).containsExactly(1, 2);
    TrainCommandTest.Result eval = TrainCommandTest.pcg("eval", model().toString(),
        "--weights", checkpoint.toString(), "--data", data.toString(), "--test-data",
        csv("test.csv", "0,1,2\n").toString());
    assertThat(eval.code()).as(eval.err()).isZero();
  }

  @Test
  void aDivergingIlRunNamesGammaAndSteps() throws IOException {
    Path data = csv("train.csv", "0,1,2\n1,2,1\n0,3,1\n1,1,3\n");
    TrainCommandTest.Result r = train(data, "--algo", "il", "--gamma", "1e6", "--steps",
        "50");

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).contains("is not finite at epoch 1, step 1: its inference diverged"
        + " before any learning; try a smaller --gamma (now 1000000.0) or fewer --steps (now"
        + " 50)").doesNotContain("Exception");
  }

  @Test
  void anIlRunThatDivergesByItsLearningRateNamesTheLearningRate() throws IOException {
    Path data = csv("train.csv", "0,1,2\n1,2,1\n0,3,1\n1,1,3\n");
    Files.writeString(model(), LINEAR);
    TrainCommandTest.Result r = train(data, "--algo", "il", "--lr", "1e308");

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).contains("a smaller learning rate or update clipping may help")
        .doesNotContain("--gamma");
  }

  @Test
  void parametersThatOverflowInTheLastStepStopTheRun() throws IOException {
    // One step: its loss is finite, its update takes W past the largest double.
    Path data = csv("train.csv", "0,100,200\n1,200,100\n");
    Files.writeString(model(), LINEAR);
    Path weights = dir.resolve("w.npz");
    TrainCommandTest.Result r = train(data, "--lr", "1e308", "--save", weights.toString());

    assertStoppedBeforeSaving(r, weights);
    assertThat(r.err()).isEqualTo("pcg: error: parameter W is no longer finite after epoch 1,"
        + " step 1; training diverged (a smaller learning rate or update clipping may help)\n");
  }

  @Test
  void finiteParametersThatOverflowTheTestSetStopTheRun() throws IOException {
    // Adam's first step moves each weight by the learning rate: 1e38 is a finite float, but
    // W @ x is about 4e38 on these samples, past the largest float (3.4e38).
    Path data = csv("train.csv", "0,2,2\n1,2,2\n");
    Files.writeString(model(), LINEAR);
    Path weights = dir.resolve("w.npz");
    TrainCommandTest.Result r = trainAs("f32", data, "--optimizer", "adam", "--lr", "1e38",
        "--save", weights.toString());

    assertStoppedBeforeSaving(r, weights);
    assertThat(r.err()).startsWith("pcg: error: the test loss became ").contains(" after epoch"
        + " 1 on samples 1 to 2 of " + data + "; the first value that is not finite is in"
        + " vertex r (" + model() + ":5:5); the parameters are finite, but training diverged"
        + " (a smaller learning rate or update clipping may help)");
    assertThat(r.err().strip().lines()).as("one line").hasSize(1);
  }

  /** Exit code 3 before the epoch's line is printed or the weights are saved. */
  private static void assertStoppedBeforeSaving(TrainCommandTest.Result r, Path weights) {
    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.out()).doesNotContain("epoch 1/1");
    assertThat(weights).doesNotExist();
  }

  @Test
  void evalOfFiniteWeightsThatOverflowIsAnError() throws IOException {
    Path data = csv("test.csv", "0,1,2\n1,2,1\n0,100,100\n");
    Files.writeString(model(), LINEAR);
    // Finite, but W @ x exceeds the largest double on the third sample.
    double[] w = new double[4];
    Arrays.fill(w, 1e306);
    Path weights = dir.resolve("w.npz");
    Npz.write(weights, Map.of("W", NpyArray.of(w, 2, 2)));

    TrainCommandTest.Result r = TrainCommandTest.pcg("eval", model().toString(), "--weights",
        weights.toString(), "--data", data.toString(), "--test-data", data.toString(),
        "--dtype", "f64", "--cache-dir", dir.resolve("cache").toString());

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).startsWith("pcg: error: the loss is ").contains(" on test samples 1"
        + " to 3 of " + data + " with the weights of " + weights + "; the first value that is"
        + " not finite is in vertex r (" + model() + ":5:5); the weights are finite, but")
        .doesNotContain("Exception");
    assertThat(r.err().strip().lines()).as("one line").hasSize(1);
    assertThat(r.out()).doesNotContain("loss");
  }

  @Test
  void clippingIsANumberAboveZero() throws IOException {
    Path data = csv("train.csv", "0,1,2\n1,2,1\n");
    assertThat(train(data, "--clip-grad", "0.5").code()).isZero();
    TrainCommandTest.Result r = train(data, "--clip-grad", "-1");
    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).isEqualTo("pcg: error: --clip-grad must be a positive number, got"
        + " -1.0\n");
  }

  private TrainCommandTest.Result train(Path data, String... extra) throws IOException {
    return trainAs("f64", data, extra);
  }

  private TrainCommandTest.Result trainAs(String dtype, Path data, String... extra)
      throws IOException {
    String[] base = {"train", model().toString(), "--data", data.toString(), "--test-data",
        data.toString(), "--batch", "2", "--epochs", "1", "--no-shuffle", "--quiet",
        "--dtype", dtype, "--cache-dir", dir.resolve("cache").toString()};
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return TrainCommandTest.pcg(args);
  }

  private Path model() throws IOException {
    Path file = dir.resolve("logs.pcg");
    if (!Files.exists(file)) {
      Files.writeString(file, MODEL);
    }
    return file;
  }

  private Path csv(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
