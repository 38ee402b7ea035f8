package org.pcg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.pcg.runtime.CsvReader;
import org.pcg.runtime.DataException;
import org.pcg.runtime.Dataset;
import org.pcg.runtime.FashionMnist;
import org.pcg.runtime.ModelInfo;
import org.pcg.runtime.NpyArray;
import org.pcg.runtime.Npz;
import picocli.CommandLine.Option;

/**
 * Where training and test data come from. A directory holds MNIST-family IDX files (the
 * default is Fashion-MNIST as the Debian package installs it); a {@code .csv} file has a
 * label column and one column per feature; an {@code .npz} file has one array named after
 * the model's input and one named after its target (class indices, or one-hot rows).
 */
final class DataArgs {

  @Option(names = "--data", paramLabel = "PATH",
      description = "IDX directory, or training .csv / .npz file (default: ${DEFAULT-VALUE}).")
  Path data = FashionMnist.DEFAULT_DIR;

  @Option(names = "--test-data", paramLabel = "FILE",
      description = "Test .csv / .npz file, needed when --data is a file; with an IDX"
          + " directory it replaces the directory's test set.")
  Path testData;

  @Option(names = "--label-column", paramLabel = "I", defaultValue = "0",
      description = "0-based label column of CSV files (default: ${DEFAULT-VALUE}).")
  int labelColumn;

  @Option(names = "--csv-header", description = "The CSV files start with a header line;"
      + " it applies to both --data and --test-data.")
  boolean csvHeader;

  @Option(names = "--limit", paramLabel = "N",
      description = "Use only the first N training samples.")
  Integer limit;

  @Option(names = "--test-limit", paramLabel = "N",
      description = "Use only the first N test samples.")
  Integer testLimit;

  /** Training and test sets. */
  record Split(Dataset train, Dataset test) {}

  /** Fashion-MNIST (or another IDX directory) being read in the background, or null. */
  private CompletableFuture<FashionMnist> prefetched;

  /** The IDX directory's data once read, or null. */
  private FashionMnist idxData;

  /**
   * Starts reading an IDX directory on another thread, so that decompressing it overlaps the
   * model's compilation; {@link #load} waits for it and reports its faults as its own. A
   * data file without --test-data is refused here, before the compilation.
   */
  void prefetch() {
    checkOptions();
    if (!isIdx(data)) {
      requireTest();
    }
    if (isIdx(data) && Files.isDirectory(data)) {
      Path dir = data;
      prefetched = CompletableFuture.supplyAsync(() -> FashionMnist.load(dir));
    }
  }

  /**
   * Loads both sets for a model with this signature: the training set from --data, the test
   * set from --test-data if given, else from the IDX directory.
   */
  Split load(ModelInfo info) {
    checkOptions();
    int classes = classes(info);
    Dataset train = isIdx(data) ? idx(classes).train() : file(data, info, classes);
    return new Split(head(train, limit), test(info, classes));
  }

  /** Only the test set, for evaluation. */
  Dataset loadTest(ModelInfo info) {
    checkOptions();
    return test(info, classes(info));
  }

  /**
   * The number of classes the target holds one value each for. Data sets hold class labels,
   * so a target of one value (a scalar regression, say) has nothing to learn from them.
   */
  private static int classes(ModelInfo info) {
    int classes = info.target().size();
    if (classes < 2) {
      throw new DataException("the model's target '" + info.target().name() + "' has shape "
          + Arrays.toString(info.target().shape()) + ", but pcg's data sets hold"
          + " class labels: train and eval need a target of [k] for k >= 2 classes (pcg"
          + " check and gen-tests work on any target)");
    }
    return classes;
  }

  private Dataset test(ModelInfo info, int classes) {
    Dataset test = isIdx(data) && testData == null
        ? idx(classes).test()
        : file(requireTest(), info, classes);
    return head(test, testLimit);
  }

  /**
   * A directory, or a path that is no .csv or .npz file: a missing IDX directory then gets
   * the loader's message on how to install Fashion-MNIST.
   */
  private static boolean isIdx(Path path) {
    String name = String.valueOf(path.getFileName()).toLowerCase(java.util.Locale.ROOT);
    if (Files.isRegularFile(path) && !(name.endsWith(".csv") || name.endsWith(".npz"))) {
      // An existing file of another kind (a .npy, say) is no IDX directory either.
      throw new UserError("--data " + path + ": unknown data format; use an IDX directory,"
          + " a .csv or a .npz file", Main.USAGE);
    }
    return Files.isDirectory(path) || !(name.endsWith(".csv") || name.endsWith(".npz"));
  }

  /** The IDX directory's two sets, read once. */
  private FashionMnist idx(int classes) {
    if (classes != FashionMnist.CLASSES) {
      throw new DataException("the model's target has " + classes + " classes; the IDX data in "
          + data + " has " + FashionMnist.CLASSES);
    }
    if (idxData == null) {
      idxData = prefetched != null ? prefetchedData() : FashionMnist.load(data);
    }
    return idxData;
  }

  private FashionMnist prefetchedData() {
    try {
      return prefetched.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private Path requireTest() {
    if (testData == null) {
      if (!Files.exists(data)) {
        throw new UserError("--data " + data + ": no such file or directory", Main.USAGE);
      }
      throw new UserError("--data " + data + " is a file; name the test set with --test-data",
          Main.USAGE);
    }
    return testData;
  }

  private Dataset file(Path file, ModelInfo info, int classes) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (Files.isDirectory(file)) {
      throw new UserError(file + " is a directory; --test-data takes a .csv or .npz file (an"
          + " IDX directory's own test set is used when --test-data is not given)", Main.USAGE);
    }
    if (!Files.isRegularFile(file)) {
      throw new DataException(file + ": no such file or directory");
    }
    if (name.endsWith(".csv")) {
      return CsvReader.load(file, labelColumn, csvHeader, classes);
    }
    if (name.endsWith(".npz")) {
      return npz(file, info, classes);
    }
    throw new UserError(file + ": unknown data format; use an IDX directory, .csv or .npz",
        Main.USAGE);
  }

  private static Dataset npz(Path file, ModelInfo info, int classes) {
    Map<String, NpyArray> arrays = Npz.read(file);
    String inputName = info.inputs().get(0).name();
    String targetName = info.target().name();
    NpyArray x = require(arrays, file, inputName);
    NpyArray y = require(arrays, file, targetName);
    checkSamples(file, inputName, x.shape());
    int n = x.shape()[0];
    int[] labels = labels(file, targetName, y, n, classes);
    // Only the number of values per sample must match the input (Evaluator.checkFits):
    // [n, 28, 28] images feed a [784] MLP and a [1, 28, 28] LeNet alike, as IDX files do.
    // The price is that [n, 2, 2] for a [4] input, or transposed images, go unnoticed.
    int[] sampleShape = Arrays.copyOfRange(x.shape(), 1, x.shape().length);
    double[] features = x.toDoubles();
    checkFinite(file, inputName, features, n);
    return Dataset.ofDoubles(file.toString(), sampleShape, features, labels, classes);
  }

  /** A NaN or an infinity in the data would only surface later, as a diverged loss. */
  private static void checkFinite(Path file, String name, double[] features, int n) {
    int perSample = features.length / n;
    for (int i = 0; i < features.length; i++) {
      if (!Double.isFinite(features[i])) {
        throw new DataException(file + ": array '" + name + "' holds " + features[i]
            + " in sample " + i / perSample + " (value " + i % perSample + ")");
      }
    }
  }

  /** At least one sample of at least one value, so that the shape makes a data set. */
  private static void checkSamples(Path file, String name, int[] shape) {
    boolean empty = Arrays.stream(shape).anyMatch(d -> d == 0);
    if (shape.length == 0 || empty) {
      throw new DataException(file + ": array '" + name + "' has shape "
          + Arrays.toString(shape) + "; expected [samples, ...] with no empty dimension");
    }
  }

  private static NpyArray require(Map<String, NpyArray> arrays, Path file, String name) {
    NpyArray a = arrays.get(name);
    if (a == null) {
      throw new DataException(file + ": has no array '" + name + "' (it has "
          + arrays.keySet() + "); arrays are named after the model's input and target");
    }
    return a;
  }

  /** Class indices from an [n] array of integers or an [n, classes] one-hot array. */
  private static int[] labels(Path file, String name, NpyArray y, int n, int classes) {
    int[] shape = y.shape();
    if (shape.length == 2 && shape[0] == n && shape[1] == classes) {
      return oneHotRows(file, name, y.toDoubles(), n, classes);
    }
    if (shape.length != 1 || shape[0] != n) {
      throw new DataException(file + ": array '" + name + "' has shape "
          + Arrays.toString(shape) + "; expected [" + n + "] class indices or ["
          + n + ", " + classes + "] one-hot rows");
    }
    double[] raw = y.toDoubles();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      if (raw[i] != Math.rint(raw[i])) {
        throw new DataException(file + ": label " + raw[i] + " of sample " + i
            + " in array '" + name + "' is not a whole number");
      }
      labels[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, raw[i]));
    }
    return labels;
  }

  /**
   * The class of each one-hot row. A row of anything else (regression targets, soft labels)
   * is refused rather than argmax'd: pcg's data sets hold class labels only.
   */
  private static int[] oneHotRows(Path file, String name, double[] values, int n,
      int classes) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = oneHotClass(values, i * classes, classes);
      if (labels[i] < 0) {
        throw new DataException(file + ": array '" + name + "' is not one-hot in sample "
            + i + " (one 1, the rest 0); only class labels (indices or one-hot rows) are"
            + " supported");
      }
    }
    return labels;
  }

  /** The position of the single 1 among {@code classes} values from {@code from}, or -1. */
  private static int oneHotClass(double[] values, int from, int classes) {
    int hot = -1;
    for (int c = 0; c < classes; c++) {
      double v = values[from + c];
      if (v == 1 && hot < 0) {
        hot = c;
      } else if (v != 0) {
        return -1;
      }
    }
    return hot;
  }

  /**
   * Refuses options that cannot work whatever the files hold, before any compiling: a limit
   * of no samples would leave nothing to learn from or to measure.
   */
  void checkOptions() {
    if (labelColumn < 0) {
      throw new UserError("--label-column counts columns from 0, got " + labelColumn,
          Main.USAGE);
    }
    if (limit != null && limit < 1) {
      throw new UserError("--limit must be a positive number of samples, got " + limit,
          Main.USAGE);
    }
    if (testLimit != null && testLimit < 1) {
      throw new UserError("--test-limit must be a positive number of samples, got "
          + testLimit, Main.USAGE);
    }
  }

  private static Dataset head(Dataset d, Integer n) {
    return n == null || n >= d.size() ? d : d.head(n);
  }
}
