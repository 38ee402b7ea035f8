package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The top-level command: its version, its usage when given no command, its hints, and how
 * it shows what a user wrote in its messages.
 */
class MainTest {

  @Test
  void theVersionIsMavensProjectVersion() {
    TrainCommandTest.Result r = TrainCommandTest.pcg("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).matches("pcg \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void noCommandPrintsTheUsageAndIsAUsageError() {
    TrainCommandTest.Result r = TrainCommandTest.pcg();

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).startsWith("Usage: pcg").contains("Commands:");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theHintNamesTheCommandOnce() {
    assertThat(TrainCommandTest.pcg("--bogus").err()).endsWith("Try 'pcg --help'.\n");
    assertThat(TrainCommandTest.pcg("train", "--bogus").err())
        .endsWith("Try 'pcg train --help'.\n");
  }

  @Test
  void checkRefusesADtypeItWouldIgnore() {
    UsageErrorsTest.assertUsageError(new String[] {"check", "samples/tiny.pcg", "--dtype",
        "f32"}, "--dtype does not apply");
  }

  @Test
  void checkDoesNotOfferTheDtypeTrainDoes() {
    assertThat(TrainCommandTest.pcg("check", "--help").out()).doesNotContain("--dtype");
    assertThat(TrainCommandTest.pcg("train", "--help").out()).contains("--dtype");
  }

  @Test
  void diagnosticsShowNoRawControlCharactersOfTheModelOrItsName(@TempDir Path dir)
      throws IOException {
    Path file = Files.writeString(dir.resolve("red\u001b[31m.pcg"), "\uFEFFmodel m { $"
        + "  // \u001b[2J\n  input x : [2]\n  target y : [2]\n  out = tanh(x) \u001b\u202e\n"
        + "  loss mse(out, y)\n}\n");

    TrainCommandTest.Result r = TrainCommandTest.pcg("inspect", file.toString());

    assertThat(r.code()).isEqualTo(Main.MODEL_ERROR);
    String shown = file.toString().replace("\u001b", "\\x1b");
    assertThat(r.err()).doesNotContain("\u001b").doesNotContain("\u202e").isEqualTo(
        shown + ":1:11: error: unexpected character '$'\n"
            + "model m { $  // \\x1b[2J\n"
            + "          ^\n"
            + shown + ":4:17: error: unexpected character U+001B\n"
            + "  out = tanh(x) \\x1b\\u202e\n"
            + "                ^~~~\n"
            + shown + ":4:18: error: unexpected character '\\u202e'\n"
            + "  out = tanh(x) \\x1b\\u202e\n"
            + "                    ^~~~~~\n"
            + "3 errors\n");
  }

  @Test
  void anOptionWithControlCharactersIsQuotedEscaped() {
    TrainCommandTest.Result r = TrainCommandTest.pcg("inspect", "m.pcg", "--bogus\u001b[2J");

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--bogus\\x1b[2J").doesNotContain("\u001b");
  }

  @Test
  void everySubcommandIsRegisteredUnderItsAnnotatedName() {
    for (var entry : Main.SUBCOMMANDS.entrySet()) {
      CommandLine alone = new CommandLine(entry.getValue().get());

      assertThat(alone.getCommandName()).isEqualTo(entry.getKey());
    }
  }

  @Test
  void theTopLevelHelpListsEveryCommand() {
    String help = TrainCommandTest.pcg("--help").out();

    assertThat(Main.SUBCOMMANDS.keySet()).allSatisfy(name -> assertThat(help).contains(name));
  }

  @Test
  void aMisspelledCommandStillGetsASuggestion() {
    TrainCommandTest.Result r = TrainCommandTest.pcg("trian", "samples/mlp.pcg");

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("train");
  }

  @Test
  void helpNamingACommandShowsThatCommandsHelp() {
    assertThat(TrainCommandTest.pcg("help", "eval").out()).startsWith("Usage: pcg eval");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--limit=5", "--seed=3", "--no-level"})
  void evalRefusesAndHidesWhatOnlyTrainingReads(String option) {
    UsageErrorsTest.assertUsageError(new String[] {"eval", "samples/mlp.pcg", "--weights",
        "w.npz", option}, "does not apply to eval");
    assertThat(TrainCommandTest.pcg("eval", "--help").out())
        .doesNotContain(option.split("=")[0] + " ").doesNotContain(option.split("=")[0] + "=");
  }
}
