package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.ir.Graph;
import org.pcg.runtime.DType;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/**
 * Batch sizes and models too large for Java's arrays or the JVM's heap are refused before
 * anything is allocated, with the numbers in the message.
 */
class FootprintTest {

  /** A softmax regression over Fashion-MNIST images. */
  private static final String MODEL = DataFaultsTest.MODEL;

  /** 40,000 x 40,000 floats: 6 GiB of parameters, twice that with their updates. */
  private static final String HUGE = MODEL.replace("param b : [10]",
      "param b : [10]\n    param V : [40000, 40000]");

  private static final long ONE_GIB = 1L << 30;

  @TempDir Path dir;

  @Test
  void aBatchBeyondJavaArraysIsAUsageErrorNamingTheLargestBatch() {
    assertThatThrownBy(() -> Footprint.check(graph(MODEL), DType.F32, 2_000_000_000,
        "--batch", ONE_GIB))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode())
            .isEqualTo(Main.USAGE))
        .hasMessageContaining("--batch 2000000000 is too large: vertex image (784 values")
        .hasMessageContaining("the largest batch this model takes is "
            + Footprint.MAX_ARRAY / 784);
  }

  @Test
  void buffersBeyondTheHeapAreAUsageErrorForTheBatch() {
    int batch = 1_000_000;
    assertThatThrownBy(() -> Footprint.check(graph(MODEL), DType.F64, batch, "--batch",
        ONE_GIB))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode())
            .isEqualTo(Main.USAGE))
        .hasMessageContaining("--batch 1000000 is too large: model fit needs at least")
        .hasMessageContaining("at most 1024 MiB");
  }

  @Test
  void parametersBeyondTheHeapAreAModelError() {
    assertThatThrownBy(() -> Footprint.check(graph(HUGE), DType.F32, 1, "--batch", ONE_GIB))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode())
            .isEqualTo(Main.MODEL_ERROR))
        .hasMessageContaining("model fit is too large: its 1600007850 parameters");
  }

  @Test
  void anOrdinaryBatchPasses() {
    Footprint.check(graph(MODEL), DType.F64, 64, "--batch", ONE_GIB);
  }

  @Test
  void trainRefusesAHugeBatchWithoutAStackTrace() throws Exception {
    Path model = dir.resolve("fit.pcg");
    Files.writeString(model, MODEL);

    TrainCommandTest.Result r = TrainCommandTest.pcg("train", model.toString(), "--batch",
        "2000000000", "--cache-dir", dir.resolve("cache").toString());

    assertThat(r.code()).isEqualTo(Main.USAGE);
    assertThat(r.err()).startsWith("pcg: error: --batch 2000000000 is too large")
        .doesNotContain("Exception");
  }

  private static Graph graph(String text) {
    return Frontend.compile("fit.pcg", text, new Diagnostics());
  }
}
