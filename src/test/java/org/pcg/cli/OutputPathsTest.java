package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The up-front check of output paths: it tries a write, and it leaves nothing behind. */
class OutputPathsTest {

  /** A directory where nobody, root included, can create a file (Linux's procfs). */
  private static final Path PROC = Path.of("/proc");

  @TempDir Path dir;

  @Test
  void aWritableDirectoryPassesAndIsLeftAsItWas() throws IOException {
    OutputPaths.checkFile("--save", dir.resolve("w.npz"));
    OutputPaths.checkDirectory("--report", dir.resolve("report"));
    OutputPaths.checkDirectory("--report", dir);

    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("no probe file, no report directory yet").isEmpty();
    }
  }

  @Test
  void aDirectoryNoFileCanBeCreatedInIsRefusedEvenForRoot() {
    assumeTrue(Files.isDirectory(PROC.resolve("self")), "needs Linux's /proc");

    assertThatThrownBy(() -> OutputPaths.checkFile("--save", PROC.resolve("ro.npz")))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("--save /proc/ro.npz: cannot create files in /proc (");
    assertThatThrownBy(() -> OutputPaths.checkDirectory("--report", PROC.resolve("report")))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("--report /proc/report: cannot create files in /proc (");
  }

  @Test
  void aReportDirectoryNeedsItsParent() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> OutputPaths.checkDirectory("--report", missing.resolve("r")))
        .isInstanceOf(UserError.class)
        .hasMessage("--report " + missing.resolve("r") + ": the directory " + missing
            + " does not exist; pcg makes only the last directory of the path");
  }
}
