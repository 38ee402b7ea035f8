package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every shipped sample goes through {@code pcg inspect} and {@code pcg graph} cleanly. */
class SampleGraphsTest {

  private static final Path SAMPLES = Path.of("samples");

  @TempDir Path dir;

  private static List<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".pcg")).sorted().toList();
    }
  }

  /** Runs the command line; returns exit code, standard output and standard error. */
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @TestFactory
  Stream<DynamicTest> inspectPrintsEverySample() throws IOException {
    assertThat(samples()).isNotEmpty();
    return samples().stream().map(sample -> DynamicTest.dynamicTest(sample.toString(), () -> {
      for (String[] args : List.of(new String[] {"inspect", sample.toString()},
          new String[] {"inspect", "--no-level", sample.toString()})) {
        String[] result = run(args);
        assertThat(result[2]).as("stderr").isEmpty();
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1]).startsWith("model ").contains("\nvertices (level");
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> graphDrawsEverySample() throws IOException {
    boolean haveDot = GraphCommand.findOnPath("dot") != null;
    return samples().stream().map(sample -> DynamicTest.dynamicTest(sample.toString(), () -> {
      Path out = dir.resolve(sample.getFileName().toString());
      String[] result = run("graph", sample.toString(), "-o", out.toString());

      assertThat(result[0]).as(result[2]).isEqualTo("0");
      try (Stream<Path> written = Files.list(out)) {
        List<String> names = written.map(p -> p.getFileName().toString()).toList();
        assertThat(names).filteredOn(n -> n.endsWith(".dot")).hasSize(2);
        assertThat(names).filteredOn(n -> n.endsWith(".svg")).hasSize(haveDot ? 2 : 0);
      }
      assertThat(result[2]).isEqualTo(haveDot ? "" : "pcg: note: Graphviz 'dot' is not on the"
          + " PATH; no SVG written" + System.lineSeparator());
    }));
  }

  @Test
  void anOutputThatIsAFileIsAUsageError() throws IOException {
    Path file = Files.writeString(dir.resolve("taken.pcg"), "not a directory");

    String[] result = run("graph", "samples/tiny.pcg", "-o", file.toString());

    assertThat(result[0]).isEqualTo(String.valueOf(Main.USAGE));
    assertThat(result[2]).contains("-o " + file + " is a file").doesNotContain("Exception");
  }
}
