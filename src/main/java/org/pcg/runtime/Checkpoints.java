package org.pcg.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and restores a model's parameters as a NumPy .npz archive with one array per
 * parameter, named as the model names it ({@code W1}, {@code block[0].W}), in the model's
 * element type. The file opens in NumPy: {@code numpy.load("model.npz")["W1"]}.
 *
 * <p>A training checkpoint ({@link TrainingCheckpoint}) holds the same arrays and more, named
 * {@code train:...} (a name no parameter can have); loading weights skips those.
 */
public final class Checkpoints {

  /** Prefix of the arrays a training checkpoint adds to the weights. */
  static final String TRAINING_PREFIX = "train:";

  private Checkpoints() {}

  /** Writes every parameter of {@code model} to {@code file}, atomically. */
  public static void save(CompiledModel model, Path file) {
    Npz.write(file, arrays(model));
  }

  /** Every parameter of {@code model} by name, in the model's element type. */
  static Map<String, NpyArray> arrays(CompiledModel model) {
    ModelInfo info = model.info();
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    for (int p = 0; p < info.params().size(); p++) {
      TensorSpec spec = info.params().get(p);
      double[] values = new double[spec.size()];
      model.getParam(p, values);
      arrays.put(spec.name(), info.dtype() == DType.F32
          ? NpyArray.of(toFloats(values), spec.shape())
          : NpyArray.of(values, spec.shape()));
    }
    return arrays;
  }

  /**
   * Sets every parameter of {@code model} from {@code file}. The file must hold exactly the
   * model's parameters with the model's shapes, all finite; otherwise a {@link DataException}
   * names what differs and the model is left unchanged.
   */
  public static void load(CompiledModel model, Path file) {
    restore(model, Npz.read(file), file);
  }

  /** Sets every parameter from {@code arrays}, read from {@code file}; see {@link #load}. */
  static void restore(CompiledModel model, Map<String, NpyArray> arrays, Path file) {
    ModelInfo info = model.info();
    checkNames(info, arrays, file);
    for (TensorSpec spec : info.params()) {
      int[] stored = arrays.get(spec.name()).shape();
      if (!Arrays.equals(stored, spec.shape())) {
        throw DataException.in(file, "parameter " + spec.name() + " has shape "
            + Arrays.toString(stored) + " here but " + Arrays.toString(spec.shape())
            + " in model " + info.name());
      }
    }
    double[][] values = new double[info.params().size()][];
    for (int p = 0; p < values.length; p++) {
      TensorSpec spec = info.params().get(p);
      values[p] = arrays.get(spec.name()).toDoubles();
      checkFinite(file, spec, values[p], info.dtype());
    }
    for (int p = 0; p < values.length; p++) {
      model.setParam(p, values[p]);
    }
  }

  /**
   * A NaN or an infinity in the weights would only surface later, as a NaN loss in eval or
   * as a "diverged" run advising a smaller learning rate, which is not the cause.
   */
  private static void checkFinite(Path file, TensorSpec spec, double[] values, DType dtype) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw DataException.in(file, "parameter " + spec.name() + " holds " + values[i]
            + " at element " + i + index(spec.shape(), i) + "; weights must be finite");
      }
      // A double beyond float's range becomes an infinity when a float model takes it.
      if (dtype == DType.F32 && Float.isInfinite((float) values[i])) {
        throw DataException.in(file, "parameter " + spec.name() + " holds " + values[i]
            + " at element " + i + index(spec.shape(), i) + ", beyond the range of f32;"
            + " weights must be finite in the model's dtype");
      }
    }
  }

  /** The row-major position of flat element {@code flat}, as " [i, j]", for 2-D and more. */
  private static String index(int[] shape, int flat) {
    if (shape.length < 2) {
      return "";
    }
    int[] at = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = flat % shape[d];
      flat /= shape[d];
    }
    return " " + Arrays.toString(at);
  }

  private static void checkNames(ModelInfo info, Map<String, NpyArray> arrays, Path file) {
    List<String> missing = new ArrayList<>();
    for (TensorSpec spec : info.params()) {
      if (!arrays.containsKey(spec.name())) {
        missing.add(spec.name());
      }
    }
    List<String> unexpected = new ArrayList<>(arrays.keySet());
    unexpected.removeIf(name -> name.startsWith(TRAINING_PREFIX));
    info.params().forEach(spec -> unexpected.remove(spec.name()));
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw DataException.in(file, "is not a checkpoint of model " + info.name()
          + (missing.isEmpty() ? "" : "; missing parameters " + String.join(", ", missing))
          + (unexpected.isEmpty() ? "" : "; arrays the model does not have "
              + String.join(", ", unexpected)));
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
