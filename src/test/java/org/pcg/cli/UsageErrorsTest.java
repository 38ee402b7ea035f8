package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Command lines that make no sense are refused before any work, with exit code 2, one
 * message naming the option and no stack trace.
 */
class UsageErrorsTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void aMistakeIsAUsageError(String name, String[] args, String expected) {
    assertUsageError(args, expected);
  }

  static void assertUsageError(String[] args, String expected) {
    TrainCommandTest.Result r = TrainCommandTest.pcg(args);

    assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains(expected).doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(r.out()).doesNotContain("compiled").doesNotContain("epoch");
  }

  @Test
  void outputsThatCannotBeWrittenAreRefusedBeforeTraining(@TempDir Path dir)
      throws IOException {
    Path missing = dir.resolve("missing");
    Path file = Files.writeString(dir.resolve("file.txt"), "");

    assertRefused(dir, "--save " + missing.resolve("w.npz") + ": the directory " + missing
        + " does not exist; create it first", "--save", missing.resolve("w.npz").toString());
    assertRefused(dir, "--save " + dir + ": " + dir + " is a directory", "--save",
        dir.toString());
    assertRefused(dir, "--report " + file.resolve("report") + ": " + file
        + " is not a directory", "--report", file.resolve("report").toString());
    assertRefused(dir, "--report " + missing.resolve("report") + ": the directory " + missing
        + " does not exist", "--report", missing.resolve("report").toString());
    assertRefused(dir, "--checkpoint " + missing.resolve("c.npz") + ": the directory",
        "--checkpoint-every", "1", "--checkpoint", missing.resolve("c.npz").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--lr=-1|--lr must be a positive number",
      "--lr=0|--lr must be a positive number", "--momentum=1|--momentum must lie in [0, 1)",
      "--clip-grad=0|--clip-grad must be a positive number",
      "--optimizer=rmsprop|unknown optimizer 'rmsprop'",
      "--checkpoint-every=0|--checkpoint-every must be a positive whole number",
      "--data=src/test/resources/reference/mlp_reference.npz|name the test set with"
          + " --test-data",
      "--data=samples/x.csv|--data samples/x.csv: no such file or directory"})
  void trainingSettingsAreCheckedBeforeTheModelIsCompiled(String optionAndMessage) {
    String[] parts = optionAndMessage.split("\\|");

    assertUsageError(new String[] {"train", "samples/mlp.pcg", parts[0]}, parts[1]);
  }

  @Test
  void anEmptyCacheDirectoryIsAUsageError() {
    assertUsageError(new String[] {"train", "samples/tiny.pcg", "--cache-dir", ""},
        "--cache-dir needs a directory");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--save", "--checkpoint"})
  void aFileOutputEndingInASlashIsRefusedNotWrittenUnderTheDirectorysName(String flag,
      @TempDir Path dir) {
    String value = dir.resolve("newdir") + "/";

    assertUsageError(new String[] {"train", "samples/tiny.pcg", "--checkpoint-every", "1",
        flag, value}, "'" + value + "' ends with a slash");
    assertThat(dir.resolve("newdir")).doesNotExist();
  }

  @Test
  void outputsThatWouldReplaceAnInputOrEachOtherAreRefused(@TempDir Path dir)
      throws IOException {
    Path model = Files.copy(Path.of("samples", "tiny.pcg"), dir.resolve("tiny.pcg"));
    Path same = dir.resolve("run.npz");

    assertUsageError(new String[] {"train", model.toString(), "--save", model.toString()},
        "--save " + model + ": is also the model file; writing it would replace that file");
    assertUsageError(new String[] {"train", model.toString(), "--checkpoint-every", "2",
        "--checkpoint", same.toString(), "--save", same.toString()},
        "--checkpoint " + same + ": is also --save");
    assertUsageError(new String[] {"train", model.toString(), "--checkpoint",
        same.toString()}, "--checkpoint names the file --checkpoint-every N writes");
  }

  @Test
  void anEmptyOutputPathIsAUsageError() {
    assertUsageError(new String[] {"train", "samples/tiny.pcg", "--save", ""},
        "--save needs a path; it was given an empty one");
    assertUsageError(new String[] {"train", "samples/tiny.pcg", "--report", ""},
        "--report needs a path");
  }

  @Test
  void aWholeNumberIsQuotedWhole() {
    assertUsageError(new String[] {"train", "samples/tiny.pcg", "--epochs", "0"},
        "--epochs must be a positive whole number, got 0\n");
  }

  /** pcg train on tiny.pcg with {@code more} fails at once with {@code expected}. */
  private static void assertRefused(Path dir, String expected, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "samples/tiny.pcg", "--cache-dir",
        dir.resolve("cache").toString()));
    args.addAll(List.of(more));
    assertUsageError(args.toArray(String[]::new), expected);
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("--limit 0", "--limit must be a positive number of samples, got 0",
            "train", "samples/tiny.pcg", "--limit", "0"),
        mistake("--limit -1", "--limit must be a positive number of samples, got -1",
            "train", "samples/tiny.pcg", "--limit", "-1"),
        mistake("--test-limit 0", "--test-limit must be a positive number of samples, got 0",
            "train", "samples/tiny.pcg", "--test-limit", "0"),
        mistake("--label-column -1", "--label-column counts columns from 0, got -1",
            "train", "samples/tiny.pcg", "--label-column", "-1"),
        mistake("eval --label-column -1", "--label-column counts columns from 0, got -1",
            "eval", "samples/tiny.pcg", "--weights", "w.npz", "--label-column", "-1"),
        mistake("--zil-gamma 0", "--zil-gamma must be a positive number, got 0.0",
            "train", "samples/tiny.pcg", "--algo", "zil", "--zil-gamma", "0"),
        mistake("--gamma 0 for IL", "--gamma must be a positive number, got 0.0",
            "train", "samples/tiny.pcg", "--algo", "il", "--gamma", "0"),
        mistake("bench --python of a missing file", "--python /no/such/python3: no such"
            + " executable file", "bench", "samples/tiny.pcg", "--python", "/no/such/python3"),
        mistake("compile -o under a file", "--output README.md/src: ", "compile",
            "samples/tiny.pcg", "-o", "README.md/src"));
  }

  private static Arguments mistake(String name, String expected, String... args) {
    return Arguments.of(name, args, expected);
  }
}
