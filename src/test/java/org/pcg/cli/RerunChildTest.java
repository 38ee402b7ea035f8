package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that re-runs itself in a child JVM (to set OpenBLAS's threads) takes the child
 * with it when it is killed with SIGKILL, which gives it no chance to stop the child. Both
 * are real JVMs.
 */
class RerunChildTest {

  private static final String MODEL = """
      model busy {
          input  x : [8]
          target y : [2]
          param W : [2, 8] init glorot
          param b : [2]
          loss cross_entropy(W @ x + b, y)
      }
      """;

  /** Time for the parent to start its child, and for an orphaned child to notice. */
  private static final long START_SECONDS = 60;
  private static final long ORPHAN_SECONDS = 10;

  @TempDir Path dir;

  @Test
  void aChildJvmEndsWhenItsParentIsKilled() throws Exception {
    Path model = Files.writeString(dir.resolve("busy.pcg"), MODEL);
    Path data = writeCsv(dir.resolve("train.csv"));
    Process parent = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", model.toString(), "--data", data.toString(), "--test-data", data.toString(),
        "--epochs", "1000000", "--batch", "2", "--quiet", "--threads", "1",
        "--cache-dir", dir.resolve("cache").toString()))
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile())
        .start();
    try {
      ProcessHandle child = awaitChild(parent);

      parent.destroyForcibly().waitFor();

      assertThat(child.onExit().completeOnTimeout(null, ORPHAN_SECONDS, TimeUnit.SECONDS)
          .get()).as("the orphaned child exited").isNotNull();
    } finally {
      parent.descendants().forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
    }
  }

  /** The parent's child JVM, once it has one. */
  private static ProcessHandle awaitChild(Process parent) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline && parent.isAlive()) {
      var child = parent.children().findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("pcg started no child JVM (alive: " + parent.isAlive() + ")");
  }

  private static Path writeCsv(Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < 8; s++) {
      sb.append(s % 2).append(",0.5".repeat(8)).append('\n');
    }
    return Files.writeString(file, sb);
  }
}
