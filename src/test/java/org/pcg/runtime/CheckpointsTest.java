package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and restoring parameters, and refusing checkpoints of another model. */
class CheckpointsTest {

  @TempDir
  Path dir;

  private static SoftmaxRegression model(int features, DType dtype) {
    SoftmaxRegression m = new SoftmaxRegression(features, 3, 2, dtype);
    double[] w = new double[3 * features];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.125 * i - 1;
    }
    m.setParam(0, w);
    m.setParam(1, new double[] {0.5, -0.25, 2});
    return m;
  }

  private static double[] param(CompiledModel m, int p) {
    double[] values = new double[m.info().params().get(p).size()];
    m.getParam(p, values);
    return values;
  }

  @Test
  void aSavedModelLoadsBackExactly() {
    Path file = dir.resolve("model.npz");
    SoftmaxRegression saved = model(4, DType.F64);
    Checkpoints.save(saved, file);

    SoftmaxRegression loaded = new SoftmaxRegression(4, 3, 2, DType.F64);
    Checkpoints.load(loaded, file);

    assertThat(param(loaded, 0)).isEqualTo(param(saved, 0));
    assertThat(param(loaded, 1)).containsExactly(0.5, -0.25, 2);
    assertThat(Npz.read(file).get("W").shape()).containsExactly(3, 4);
  }

  @Test
  void aFloatModelIsSavedAsFloat32() {
    Path file = dir.resolve("f32.npz");
    Checkpoints.save(model(4, DType.F32), file);
    assertThat(Npz.read(file).get("b").kind()).isEqualTo(NpyArray.Kind.F4);
  }

  @Test
  void aShapeMismatchNamesBothShapesAndChangesNothing() {
    Path file = dir.resolve("other.npz");
    Checkpoints.save(model(5, DType.F64), file);
    SoftmaxRegression target = model(4, DType.F64);
    double[] before = param(target, 0);

    assertThatThrownBy(() -> Checkpoints.load(target, file))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": parameter W has shape [3, 5] here but [3, 4] in model softmax");
    assertThat(param(target, 0)).isEqualTo(before);
  }

  @Test
  void nonFiniteWeightsAreRefusedAndChangeNothing() {
    Path nan = dir.resolve("nan.npz");
    double[] w = new double[12];
    w[6] = Double.NaN;
    w[7] = Double.POSITIVE_INFINITY;
    Npz.write(nan, Map.of("W", NpyArray.of(w, 3, 4), "b", NpyArray.of(new double[3], 3)));
    Path inf = dir.resolve("inf.npz");
    Npz.write(inf, Map.of("W", NpyArray.of(new double[12], 3, 4),
        "b", NpyArray.of(new float[] {0, Float.NEGATIVE_INFINITY, 0}, 3)));
    SoftmaxRegression target = model(4, DType.F64);
    double[] before = param(target, 0);

    assertThatThrownBy(() -> Checkpoints.load(target, nan))
        .isInstanceOf(DataException.class)
        .hasMessage(nan + ": parameter W holds NaN at element 6 [1, 2]; weights must be"
            + " finite");
    assertThatThrownBy(() -> Checkpoints.load(target, inf))
        .isInstanceOf(DataException.class)
        .hasMessage(inf + ": parameter b holds -Infinity at element 1; weights must be"
            + " finite");
    assertThat(param(target, 0)).isEqualTo(before);
  }

  @Test
  void missingAndExtraArraysAreNamed() {
    Path file = dir.resolve("names.npz");
    Npz.write(file, Map.of("W", NpyArray.of(new double[12], 3, 4),
        "layer[1].b", NpyArray.of(new double[3], 3)));
    assertThatThrownBy(() -> Checkpoints.load(model(4, DType.F64), file))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": is not a checkpoint of model softmax; missing parameters b; "
            + "arrays the model does not have layer[1].b");
  }
}
