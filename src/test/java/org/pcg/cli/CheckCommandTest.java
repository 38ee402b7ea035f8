package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcg check} when a rule's numbers leave the finite ones, or when there is nothing to
 * compare: each is said in words, and a check that could not fail does not pass.
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

  /** Both weights start at zeros: relu(0) and its slope 0 stop every gradient. */
  private static final String ALL_ZERO = """
      model dead {
          input  x : [4]
          target y : [3]
          param  V : [5, 4]
          param  W : [3, 5]
          logits = W @ relu(V @ x)
          loss cross_entropy(logits, y)
      }
      """;

  /** W starts at zeros, so no error reaches V; W itself still learns. */
  private static final String V_BLOCKED = ALL_ZERO.replace("param  V : [5, 4]",
      "param  V : [5, 4] init normal(0, 1)");

  private static final String NO_PARAMS = """
      model none {
          input  x : [3]
          target y : []
          o = sum(x)
          loss mse(o, y)
      }
      """;

  @TempDir Path dir;

  @Test
  void allZeroBpUpdatesAreNotCalledEqual() throws IOException {
    TrainCommandTest.Result r = check(write("dead.pcg", ALL_ZERO));

    assertThat(r.code()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.out()).contains("Nothing checked: BP's update is zero for every parameter")
        .doesNotContain("Z-IL equals BP");
  }

  @Test
  void aParameterWithAZeroBpUpdateIsNamed() throws IOException {
    TrainCommandTest.Result r = check(write("blocked.pcg", V_BLOCKED));

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("note: BP's update is zero for V on this batch")
        .contains("Z-IL equals BP.");
  }

  @Test
  void aBatchLargerThanTheTrainingSetIsAUsageError() {
    TrainCommandTest.Result r = check("samples/mlp.pcg", "--batch", "60001");

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--batch 60001 is more than the 60000 Fashion-MNIST"
        + " training images").doesNotContain("Exception");
  }

  @Test
  void aModelWithoutParametersIsNotCalledEqual() throws IOException {
    TrainCommandTest.Result r = check(write("none.pcg", NO_PARAMS));

    assertThat(r.code()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.out()).contains("Nothing checked: the model has no parameters");
  }

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

  private String write(String name, String model) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, model);
    return file.toString();
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
