package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcg check} when a rule's numbers leave the finite ones: each is said in words, and
 * a Z-IL or BP update that is not finite fails the check.
 */
class CheckCommandTest {

  /** exp of 800 times a standard normal input: BP's own update overflows. */
  private static final String OVERFLOWING = """
      model ovf {
          input  x : [1]
          target y : [1]
          param  w : [1, 1] init constant(800)
          d = exp(w @ x)
          loss mse(d, y)
      }
      """;

  @TempDir Path dir;

  @Test
  void ilThatDivergesIsSaidSoAndNamesGamma() {
    TrainCommandTest.Result r = check("samples/tiny.pcg", "--gamma", "100", "--steps", "200");

    assertThat(r.code()).as("Z-IL still equals BP").isZero();
    assertThat(r.out()).contains("il           update is not finite: IL's inference diverged;"
        + " try a smaller --gamma or fewer --steps").doesNotContain("NaN, Euclidean");
  }

  @Test
  void zilThatDivergesFailsTheCheck() {
    TrainCommandTest.Result r = check("samples/tiny.pcg", "--zil-gamma", "1e200");

    assertThat(r.code()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.out()).contains("zil          update is not finite: Z-IL diverged")
        .contains("Z-IL diverged (see --zil-gamma).").doesNotContain("does NOT equal");
  }

  @Test
  void aBpUpdateThatIsNotFiniteIsNotCalledADifference() throws IOException {
    Path model = dir.resolve("ovf.pcg");
    Files.writeString(model, OVERFLOWING);

    TrainCommandTest.Result r = check(model.toString());

    assertThat(r.code()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.out()).contains("BP update is not finite").doesNotContain("Z-IL");
  }

  private TrainCommandTest.Result check(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "check";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--cache-dir";
    all[args.length + 2] = dir.resolve("cache").toString();
    return TrainCommandTest.pcg(all);
  }
}
