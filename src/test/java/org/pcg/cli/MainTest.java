package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The top-level command: its version, its usage when given no command, its hints. */
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
