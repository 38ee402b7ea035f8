package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.runtime.NpyArray;
import org.pcg.runtime.Npz;

/**
 * A training process killed with SIGKILL while it saves a checkpoint leaves the previous
 * checkpoint intact and loadable, and resuming after every kill ends with the weights of a
 * run that was never interrupted. The runs are real child JVMs of pcg's command line.
 */
class CheckpointKillTest {

  private static final String MODEL = """
      model killed {
          input  x : [64]
          target y : [4]
          param W1 : [512, 64] init he
          param b1 : [512]
          param W2 : [4, 512] init glorot
          param b2 : [4]
          h      = relu(W1 @ x + b1)
          logits = W2 @ h + b2
          loss cross_entropy(logits, y)
      }
      """;

  /** 400 samples in batches of 16: 25 steps an epoch, 75 in all, each one saved. */
  private static final List<String> RUN = List.of("--epochs", "3", "--batch", "16",
      "--optimizer", "adam", "--lr", "0.01", "--seed", "7", "--quiet");

  /** Kills that landed inside a save, wanted before the run may finish. */
  private static final int WANTED_MID_SAVE_KILLS = 3;
  private static final int MAX_KILLS = 8;
  /** How much longer each child may train than the one before, so the run moves on. */
  private static final long PROGRESS_MILLIS = 150;
  private static final long CHILD_TIMEOUT_SECONDS = 60;

  @TempDir Path dir;

  @Test
  void killsDuringSavesLoseNothingAndResumingMatchesAnUnbrokenRun() throws Exception {
    Path model = dir.resolve("killed.pcg");
    Files.writeString(model, MODEL);
    writeCsv(dir.resolve("train.csv"), 400, 1);
    writeCsv(dir.resolve("test.csv"), 40, 2);
    Path checkpoint = dir.resolve("ck.npz");

    // In this JVM, which compiles the model into the class cache the children then share.
    TrainCommandTest.Result unbroken = TrainCommandTest.pcg(command(model, "--save",
        dir.resolve("unbroken.npz").toString()).toArray(String[]::new));
    assertThat(unbroken.code()).as(unbroken.err()).isZero();

    int midSave = 0;
    long lastStep = -1;
    for (int kill = 0; kill < MAX_KILLS && midSave < WANTED_MID_SAVE_KILLS; kill++) {
      List<String> args = new ArrayList<>(List.of("--checkpoint", checkpoint.toString(),
          "--checkpoint-every", "1"));
      if (Files.exists(checkpoint)) {
        args.add("--resume");
      }
      FileTime before = modified(checkpoint);
      Process p = child(model, args.toArray(String[]::new));
      if (!killDuringSave(p, checkpoint, before, PROGRESS_MILLIS * kill)) {
        break;
      }
      // The next run's first save deletes what this kill left.
      midSave += temporaryFiles().findAny().isPresent() ? 1 : 0;
      long step = globalStep(checkpoint);
      assertThat(step).as("the checkpoint never goes back").isGreaterThanOrEqualTo(lastStep);
      lastStep = step;
      assertLoadsAsWeights(model, checkpoint);
    }
    assertThat(midSave).as("kills that interrupted a save").isPositive();

    Process last = child(model, "--checkpoint", checkpoint.toString(), "--checkpoint-every",
        "1", "--resume", "--save", dir.resolve("resumed.npz").toString());
    assertThat(last.waitFor()).as(childErrors()).isZero();
    assertSameArrays(dir.resolve("resumed.npz"), dir.resolve("unbroken.npz"));
    assertThat(temporaryFiles()).as("temporary files left").isEmpty();
  }

  /** The arguments of pcg train on the test's model and data. */
  private List<String> command(Path model, String... extra) {
    List<String> command = new ArrayList<>(List.of("train", model.toString(), "--data",
        dir.resolve("train.csv").toString(), "--test-data", dir.resolve("test.csv").toString(),
        "--cache-dir", dir.resolve("cache").toString()));
    command.addAll(RUN);
    command.addAll(List.of(extra));
    return command;
  }

  /** Starts pcg train on the test's model and data in a new JVM. */
  private Process child(Path model, String... extra) throws IOException {
    // With this JVM's module options: whether the Vector API is there picks the kernels
    // of the float products, and so the last bits of the weights the runs are compared by.
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(command(model, extra));
    return new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("child.out").toFile())
        .redirectError(dir.resolve("child.err").toFile())
        .start();
  }

  /**
   * Waits for the child's first checkpoint, lets it train for {@code millis} more, then
   * waits for it to start writing a checkpoint and kills it with SIGKILL at once. Returns
   * false when the child finished first.
   */
  private boolean killDuringSave(Process p, Path checkpoint, FileTime before, long millis)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHILD_TIMEOUT_SECONDS);
    long armAt = Long.MAX_VALUE;
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (armAt == Long.MAX_VALUE && !modified(checkpoint).equals(before)) {
        armAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      }
      if (System.nanoTime() >= armAt && temporaryFiles().findAny().isPresent()) {
        p.destroyForcibly();
        p.waitFor();
        return true;
      }
      Thread.onSpinWait();
    }
    assertThat(p.isAlive()).as("child still running after the timeout").isFalse();
    assertThat(p.exitValue()).as(childErrors()).isZero();
    return false;
  }

  private static FileTime modified(Path file) throws IOException {
    return Files.exists(file) ? Files.getLastModifiedTime(file) : FileTime.fromMillis(0);
  }

  private String childErrors() throws IOException {
    return Files.readString(dir.resolve("child.err"));
  }

  private Stream<Path> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".ck.npz."))
          .toList().stream();
    }
  }

  private static long globalStep(Path checkpoint) {
    long[] position = Npz.read(checkpoint).get("train:position").toLongs();
    return (position[0] - 1) * 25 + position[1];
  }

  /** pcg eval accepts the checkpoint as weights: all arrays readable, names and shapes right. */
  private void assertLoadsAsWeights(Path model, Path checkpoint) {
    TrainCommandTest.Result r = TrainCommandTest.pcg("eval", model.toString(), "--weights",
        checkpoint.toString(), "--data", dir.resolve("train.csv").toString(), "--test-data",
        dir.resolve("test.csv").toString(), "--cache-dir", dir.resolve("cache").toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static void assertSameArrays(Path actual, Path expected) {
    Map<String, NpyArray> a = Npz.read(actual);
    Map<String, NpyArray> e = Npz.read(expected);
    assertThat(a.keySet()).isEqualTo(e.keySet());
    e.forEach((name, array) -> assertThat(a.get(name).toDoubles()).as(name)
        .isEqualTo(array.toDoubles()));
  }

  /** Label s % 4, features a noisy bump around the label: learnable, not trivially. */
  private static void writeCsv(Path file, int samples, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < samples; s++) {
      int label = s % 4;
      sb.append(label);
      for (int f = 0; f < 64; f++) {
        double v = (f / 16 == label ? 0.3 : 0) + random.nextGaussian();
        sb.append(',').append(String.format(Locale.ROOT, "%.4f", v));
      }
      sb.append('\n');
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }
}
