package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
