package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Command lines that make no sense are refused before any work, with exit code 2, one
 * message naming the option and no stack trace.
 */
class UsageErrorsTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void aMistakeIsAUsageError(String name, String[] args, String expected) {
    TrainCommandTest.Result r = TrainCommandTest.pcg(args);

    assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains(expected).doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(r.out()).doesNotContain("epoch");
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("--limit 0", "--limit must be a positive number of samples, got 0",
            "train", "samples/tiny.pcg", "--limit", "0"),
        mistake("--limit -1", "--limit must be a positive number of samples, got -1",
            "train", "samples/tiny.pcg", "--limit", "-1"),
        mistake("--test-limit 0", "--test-limit must be a positive number of samples, got 0",
            "train", "samples/tiny.pcg", "--test-limit", "0"));
  }

  private static Arguments mistake(String name, String expected, String... args) {
    return Arguments.of(name, args, expected);
  }
}
