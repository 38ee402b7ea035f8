package org.pcg.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.Equivalence;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.NpyArray;
import org.pcg.runtime.Npz;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.TensorSpec;
import org.pcg.syntax.Frontend;

/**
 * BP updates of the samples against PyTorch. The expected values were computed by
 * src/test/resources/reference/make_reference.py from its own PyTorch twin of each sample,
 * with committed weights and a committed batch of Fashion-MNIST images; pcg starts from the
 * same weights and batch, in double.
 */
class TorchReferenceTest {

  /** Largest accepted relative difference between pcg's and PyTorch's updates. */
  private static final double TOLERANCE = 1e-10;

  /** Z-IL must equal BP on the same real batch; the scheduled form to rounding. */
  private static final double ZIL_TOLERANCE = 1e-12;

  private static final Path REFERENCE = Path.of("src/test/resources/reference");
  private static final long SEED = 1;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mlp", "deep_mlp", "lenet5", "resnet", "rnn", "transformer"})
  void bpUpdatesEqualPyTorch(String sample) {
    Map<String, NpyArray> ref = Npz.read(REFERENCE.resolve(sample + "_reference.npz"));
    CompiledModel model = loaded(sample, ref);

    double loss = model.computeUpdates(Algorithm.BP, PcOptions.defaults());
    double[][] updates = updatesOf(model);

    assertThat(loss).isCloseTo(ref.get("loss").toDoubles()[0],
        org.assertj.core.data.Percentage.withPercentage(TOLERANCE * 100));
    double worst = Equivalence.maxRelative(
        Equivalence.compare(model.info(), updates, expected(model.info(), ref)));
    assertThat(worst).as("largest relative difference from PyTorch").isLessThan(TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mlp", "deep_mlp", "lenet5", "resnet", "rnn", "transformer"})
  void zilUpdatesEqualPyTorchToo(String sample) {
    Map<String, NpyArray> ref = Npz.read(REFERENCE.resolve(sample + "_reference.npz"));
    CompiledModel model = loaded(sample, ref);

    double[][] zil = Equivalence.updates(model, Algorithm.ZIL, PcOptions.defaults());

    double worst = Equivalence.maxRelative(
        Equivalence.compare(model.info(), zil, expected(model.info(), ref)));
    assertThat(worst).as("scheduled Z-IL vs PyTorch's BP").isLessThan(TOLERANCE);
    double[][] bp = Equivalence.updates(model, Algorithm.BP, PcOptions.defaults());
    assertThat(Equivalence.maxRelative(Equivalence.compare(model.info(), zil, bp)))
        .as("scheduled Z-IL vs pcg's BP").isLessThanOrEqualTo(ZIL_TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mlp", "deep_mlp", "lenet5", "resnet", "rnn", "transformer"})
  void scheduledZilIsBitIdenticalToBp(String sample) {
    Map<String, NpyArray> ref = Npz.read(REFERENCE.resolve(sample + "_reference.npz"));
    CompiledModel model = loaded(sample, ref);

    double[][] bp = Equivalence.updates(model, Algorithm.BP, PcOptions.defaults());
    double[][] zil = Equivalence.updates(model, Algorithm.ZIL, PcOptions.defaults());

    for (int i = 0; i < bp.length; i++) {
      assertThat(zil[i]).as(model.info().params().get(i).name()).containsExactly(bp[i]);
    }
  }

  /** The sample compiled in double, with the reference's weights and batch. */
  private static CompiledModel loaded(String sample, Map<String, NpyArray> ref) {
    int n = ref.get("input.image").shape()[0];
    CompiledModel model = ModelCompiler.compile(
        Frontend.load(Path.of("samples", sample + ".pcg")), DType.F64,
        ModelCompiler.Options.defaults()).create(n, SEED);
    List<TensorSpec> params = model.info().params();
    for (int i = 0; i < params.size(); i++) {
      model.setParam(i, ref.get("param." + params.get(i).name()).toDoubles());
    }
    model.setBatch(n, new double[][] {ref.get("input.image").toDoubles()},
        ref.get("target.label").toDoubles());
    return model;
  }

  private static double[][] updatesOf(CompiledModel model) {
    List<TensorSpec> params = model.info().params();
    double[][] updates = new double[params.size()][];
    for (int i = 0; i < updates.length; i++) {
      updates[i] = new double[params.get(i).size()];
      model.getUpdate(i, updates[i]);
    }
    return updates;
  }

  private static double[][] expected(ModelInfo info, Map<String, NpyArray> ref) {
    return info.params().stream()
        .map(p -> ref.get("update." + p.name()).toDoubles())
        .toArray(double[][]::new);
  }
}
