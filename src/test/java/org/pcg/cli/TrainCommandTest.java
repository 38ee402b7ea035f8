package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job end to end: pcg train on the real Fashion-MNIST files, through the command
 * line, with the generated code compiled in-process.
 */
class TrainCommandTest {

  /** 200 steps of 64 per epoch: enough for the loss to fall visibly, fast enough for CI. */
  private static final String SAMPLES = "12800";

  /** How far one epoch's printed train loss may move when products are split in two. */
  private static final double THREADS_LOSS = 2e-3;

  private static final Pattern EPOCH = Pattern.compile(
      "epoch (\\d)/\\d  train loss ([0-9.]+)  test loss [0-9.]+  test accuracy ([0-9.]+)%");

  @TempDir Path dir;

  @Test
  void trainingTheMlpOnFashionMnistLowersTheLoss() throws Exception {
    Path weights = dir.resolve("w.npz");
    Result r = pcg("train", "samples/mlp.pcg", "--epochs", "2", "--limit", SAMPLES,
        "--test-limit", "2000", "--quiet", "--save", weights.toString(),
        "--report", dir.resolve("report").toString());

    assertThat(r.code).as(r.err).isZero();
    List<double[]> epochs = epochs(r.out);
    assertThat(epochs).hasSize(2);
    assertThat(epochs.get(1)[0]).as("train loss of epoch 2 vs 1").isLessThan(epochs.get(0)[0]);
    assertThat(epochs.get(1)[1]).as("test accuracy after 400 steps").isGreaterThan(75);
    assertThat(weights).exists();
    assertThat(Files.readAllLines(dir.resolve("report/metrics.csv"))).hasSize(3);
  }

  @Test
  void twoThreadsTrainTheSameModelAsOne() {
    List<double[]> one = epochs(threadedRun("1"));
    List<double[]> two = epochs(threadedRun("2"));

    assertThat(two).hasSize(1);
    // Split products may round differently in the last bits; 100 steps keep that small.
    assertThat(two.get(0)[0]).as("train loss").isCloseTo(one.get(0)[0], within(THREADS_LOSS));
    assertThat(two.get(0)[1]).as("test accuracy %").isCloseTo(one.get(0)[1], within(1.0));
  }

  private String threadedRun(String threads) {
    Result r = pcg("train", "samples/mlp.pcg", "--epochs", "1", "--limit", "6400",
        "--test-limit", "500", "--quiet", "--threads", threads);
    assertThat(r.code).as(r.err).isZero();
    return r.out;
  }

  @Test
  void evalReadsTheSavedWeights() {
    Path weights = dir.resolve("w.npz");
    pcg("train", "samples/mlp.pcg", "--epochs", "1", "--limit", "3200", "--test-limit",
        "500", "--quiet", "--save", weights.toString());

    Result r = pcg("eval", "samples/mlp.pcg", "--weights", weights.toString(),
        "--test-limit", "500");

    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("on 500 samples").contains("accuracy");
  }

  @Test
  void testDataReplacesTheIdxTestSet() throws Exception {
    Path test = dir.resolve("test.csv");
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      csv.append(i).append(",0.5".repeat(784)).append('\n');
    }
    Files.writeString(test, csv);

    Result r = pcg("train", "samples/mlp.pcg", "--epochs", "1", "--limit", "100", "--quiet",
        "--test-data", test.toString(), "--cache-dir", dir.resolve("cache").toString());

    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("100 training samples from /usr/share/datasets/fashion-mnist")
        .contains(", 7 test samples from " + test);
  }

  @Test
  void aMissingDatasetSaysHowToInstallIt() {
    Result r = pcg("train", "samples/mlp.pcg", "--data", dir.resolve("nowhere").toString());

    assertThat(r.code).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err).contains("apt-get install dataset-fashion-mnist")
        .doesNotContain("Exception");
  }

  @Test
  void checkFindsZilEqualToBpOnTheMlp() {
    Result r = pcg("check", "samples/mlp.pcg", "--batch", "4");

    assertThat(r.code).as(r.out + r.err).isZero();
    assertThat(r.out).contains("Z-IL equals BP.");
  }

  @Test
  void checkReportsDivergenceWhenLevellingIsOff() {
    Result r = pcg("check", "samples/tiny.pcg", "--no-level");

    assertThat(r.code).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.out).contains("Z-IL does NOT equal BP.");
  }

  private static List<double[]> epochs(String out) {
    Matcher m = EPOCH.matcher(out);
    List<double[]> rows = new java.util.ArrayList<>();
    while (m.find()) {
      rows.add(new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
    }
    return rows;
  }

  record Result(int code, String out, String err) {}

  static Result pcg(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
