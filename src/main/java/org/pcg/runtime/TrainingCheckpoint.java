package org.pcg.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint a training run continues from exactly: the weights, the optimizer's state, the
 * position in the run and the run's settings, in one .npz written atomically.
 *
 * <p>The weights are stored as {@link Checkpoints} stores them, so the same file serves
 * {@code pcg eval --weights} and {@code --init-from}; everything else is in arrays named
 * {@code train:...}. The settings are a text of {@code key=value} lines that a resumed run
 * must match line for line, since any difference would make it a different run.
 */
public final class TrainingCheckpoint {

  private static final String RUN = Checkpoints.TRAINING_PREFIX + "run";
  private static final String POSITION = Checkpoints.TRAINING_PREFIX + "position";
  private static final String LOSS_SUM = Checkpoints.TRAINING_PREFIX + "loss_sum";
  private static final String HISTORY = Checkpoints.TRAINING_PREFIX + "history";
  private static final String OPTIMIZER = Checkpoints.TRAINING_PREFIX + "optimizer:";

  /** Values of one {@link EpochMetrics} row in the history array. */
  private static final int METRICS = 6;

  private TrainingCheckpoint() {}

  /**
   * Writes {@code model}'s weights, {@code optimizer}'s state and {@code state} to
   * {@code file}, atomically: a reader (or a run killed meanwhile) finds the old checkpoint
   * or the new one, never a mixture.
   *
   * @param run the run's settings, {@code key=value} lines
   */
  public static void save(Path file, CompiledModel model, Optimizer optimizer, String run,
      TrainingState state) {
    Map<String, NpyArray> arrays = new LinkedHashMap<>(Checkpoints.arrays(model));
    byte[] text = run.getBytes(StandardCharsets.UTF_8);
    arrays.put(RUN, NpyArray.ofUnsignedBytes(text, text.length));
    arrays.put(POSITION, NpyArray.of(new long[] {state.epoch(), state.stepsDone()}, 2));
    arrays.put(LOSS_SUM, NpyArray.of(new double[] {state.lossSum()}, 1));
    arrays.put(HISTORY, history(state.history()));
    optimizer.state().forEach((name, array) -> arrays.put(OPTIMIZER + name, array));
    removeStaleTemporaries(file);
    Npz.write(file, arrays);
  }

  /**
   * Deletes what a run killed in the middle of a save left beside the checkpoint: its
   * temporary file ({@code .NAME.RANDOM.tmp}, see {@link AtomicFiles}). Only one run uses
   * a checkpoint at a time, so no such file is still being written.
   */
  private static void removeStaleTemporaries(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String glob = "." + file.getFileName() + ".*.tmp";
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir, glob)) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.util.regex.PatternSyntaxException e) {
      // Litter is harmless; the save itself reports any real trouble with the directory.
    }
  }

  /**
   * Restores {@code model} and a fresh {@code optimizer} from {@code file} and returns where
   * the run stood.
   *
   * @param run this run's settings, which must equal the checkpoint's
   * @throws DataException when the file is no training checkpoint of this model and run
   */
  public static TrainingState load(Path file, CompiledModel model, Optimizer optimizer,
      String run) {
    Map<String, NpyArray> arrays = Npz.read(file);
    checkRun(file, text(file, arrays.get(RUN)), run);
    TrainingState state = state(file, arrays);
    Checkpoints.restore(model, arrays, file);
    Map<String, NpyArray> optimizerState = optimizerState(file, arrays, model.info());
    try {
      optimizer.restore(optimizerState);
    } catch (IllegalArgumentException e) {
      throw DataException.in(file, "holds no state of optimizer " + optimizer + ": "
          + e.getMessage());
    }
    // A resumed run may never save again (no --checkpoint-every), so tidy up here too.
    removeStaleTemporaries(file);
    return state;
  }

  private static NpyArray history(List<EpochMetrics> history) {
    double[] rows = new double[history.size() * METRICS];
    for (int i = 0; i < history.size(); i++) {
      EpochMetrics m = history.get(i);
      double[] row = {m.epoch(), m.trainLoss(), m.testLoss(), m.testAccuracy(), m.seconds(),
          m.stepsPerSecond()};
      System.arraycopy(row, 0, rows, i * METRICS, METRICS);
    }
    return NpyArray.of(rows, history.size(), METRICS);
  }

  private static String text(Path file, NpyArray array) {
    if (array == null) {
      throw DataException.in(file, "holds weights but no training state; a run cannot"
          + " resume from it (start from its weights with --init-from)");
    }
    if (array.kind() != NpyArray.Kind.U1 || array.shape().length != 1) {
      throw DataException.in(file, "array " + RUN + " is not text");
    }
    double[] values = array.toDoubles();
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Refuses a checkpoint of other settings, naming each setting that differs. */
  private static void checkRun(Path file, String stored, String run) {
    List<String> before = List.of(stored.split("\n"));
    List<String> now = List.of(run.split("\n"));
    if (before.equals(now)) {
      return;
    }
    List<String> differences = new ArrayList<>();
    for (String line : now) {
      String key = line.substring(0, Math.max(0, line.indexOf('=')));
      String old = before.stream().filter(b -> b.startsWith(key + "=")).findFirst()
          .orElse(key + "=(none)");
      if (!old.equals(line)) {
        differences.add(key + " was " + old.substring(key.length() + 1) + ", is now "
            + line.substring(key.length() + 1));
      }
    }
    throw DataException.in(file, "was written by a run with other settings ("
        + (differences.isEmpty() ? "another version of pcg" : String.join("; ", differences))
        + "); resume with the same settings, or start from its weights with --init-from");
  }

  private static TrainingState state(Path file, Map<String, NpyArray> arrays) {
    long[] position = integers(file, arrays.get(POSITION), POSITION, 2);
    NpyArray loss = arrays.get(LOSS_SUM);
    NpyArray rows = arrays.get(HISTORY);
    if (loss == null || loss.size() != 1 || rows == null || rows.shape().length != 2
        || rows.shape()[1] != METRICS) {
      throw DataException.in(file, "training state is incomplete (" + LOSS_SUM + " or "
          + HISTORY + " is missing or malformed)");
    }
    try {
      return new TrainingState(Math.toIntExact(position[0]), Math.toIntExact(position[1]),
          loss.toDoubles()[0], metrics(rows));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw DataException.in(file, "training state is inconsistent: " + e.getMessage());
    }
  }

  private static long[] integers(Path file, NpyArray array, String name, int count) {
    if (array == null || array.kind() != NpyArray.Kind.I8 || array.size() != count) {
      throw DataException.in(file, "array " + name + " is missing or malformed");
    }
    return array.toLongs();
  }

  private static List<EpochMetrics> metrics(NpyArray rows) {
    double[] v = rows.toDoubles();
    List<EpochMetrics> history = new ArrayList<>();
    for (int at = 0; at < v.length; at += METRICS) {
      history.add(new EpochMetrics((int) v[at], v[at + 1], v[at + 2], v[at + 3], v[at + 4],
          v[at + 5]));
    }
    return history;
  }

  /**
   * The optimizer's arrays, prefix removed, each slot's array checked against the length of
   * its parameter so that a damaged file cannot fail later, mid-step.
   */
  private static Map<String, NpyArray> optimizerState(Path file,
      Map<String, NpyArray> arrays, ModelInfo info) {
    Map<String, NpyArray> state = new LinkedHashMap<>();
    arrays.forEach((name, array) -> {
      if (name.startsWith(OPTIMIZER)) {
        String key = name.substring(OPTIMIZER.length());
        checkSlotLength(file, key, array, info);
        state.put(key, array);
      }
    });
    return state;
  }

  private static void checkSlotLength(Path file, String key, NpyArray array, ModelInfo info) {
    String slot = key.substring(key.lastIndexOf('.') + 1);
    if (!slot.matches("[0-9]{1,6}")) {
      return;
    }
    int p = Integer.parseInt(slot);
    if (p >= info.params().size() || array.size() != info.params().get(p).size()) {
      throw DataException.in(file, "optimizer state " + key + " has " + array.size()
          + " values, which fit no parameter " + p + " of model " + info.name());
    }
  }
}
