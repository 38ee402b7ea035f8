package org.pcg.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden corpus of faulty models: every {@code diagnostics/NAME.pcg} must produce exactly
 * the diagnostic headlines in {@code diagnostics/NAME.expected}, with file names relative to
 * the corpus directory. A case is added by adding the two files.
 */
class DiagnosticsCorpusTest {

  private static final int MIN_CASES = 40;

  static Path corpus() throws URISyntaxException {
    return Path.of(DiagnosticsCorpusTest.class.getResource("/diagnostics").toURI());
  }

  static Stream<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(corpus())) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".pcg"))
          .map(n -> n.substring(0, n.length() - ".pcg".length()))
          .sorted()
          .toList();
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void producesExactlyTheExpectedDiagnostics(String name) throws Exception {
    Path dir = corpus();
    String expected = Files.readString(dir.resolve(name + ".expected"), StandardCharsets.UTF_8);

    String actual = headlines(dir, dir.resolve(name + ".pcg"));

    assertThat(actual).isEqualTo(expected.strip());
  }

  @Test
  void corpusIsLargeAndEveryCaseHasItsExpectation() throws Exception {
    List<String> names = cases().toList();

    assertThat(names).hasSizeGreaterThanOrEqualTo(MIN_CASES);
    for (String name : names) {
      assertThat(corpus().resolve(name + ".expected")).exists();
    }
  }

  /** What the front end says about one file, one headline per line. */
  static String headlines(Path dir, Path file) {
    Diagnostics diagnostics = new Diagnostics();
    List<Diagnostic> all;
    try {
      Frontend.load(file, diagnostics);
      all = diagnostics.all();
    } catch (CompileException e) {
      all = e.diagnostics();
    }
    String prefix = dir + java.io.File.separator;
    return all.stream()
        .map(d -> d.headline().replace(prefix, ""))
        .collect(Collectors.joining("\n"));
  }
}
