package org.pcg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pcg.runtime.NpyArray;
import org.pcg.runtime.Npz;

/**
 * Broken data through {@code pcg train}: truncated and corrupt IDX, CSV and .npz files,
 * wrong magic numbers, labels out of range, shapes that do not fit the model, unusable
 * weights and checkpoints. Each is one clear message naming the file, exit code 3, and no
 * stack trace.
 */
class DataFaultsTest {

  /** A softmax regression that fits 28 x 28 images of 10 classes; other tests use it too. */
  static final String MODEL = """
      model fit {
          input  image : [784]
          target label : [10]
          param W : [10, 784]
          param b : [10]
          logits = W @ image + b
          loss cross_entropy(logits, label)
      }
      """;

  private static final int TRAIN = 20;
  private static final int TEST = 10;
  private static final int PIXELS = 784;

  @TempDir Path dir;

  /** Writes the files of one fault into a directory and returns the pcg arguments. */
  @FunctionalInterface
  interface Fault {
    List<String> prepare(Path dir) throws IOException;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void aDataFaultIsOneClearMessage(String name, Fault fault, String expected)
      throws IOException {
    Path model = dir.resolve("fit.pcg");
    Files.writeString(model, MODEL);
    List<String> args = new ArrayList<>(List.of("train", model.toString(), "--epochs", "1",
        "--batch", "4", "--quiet", "--cache-dir", dir.resolve("cache").toString()));
    args.addAll(fault.prepare(dir));

    TrainCommandTest.Result r = TrainCommandTest.pcg(args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).startsWith("pcg: error: ").contains(expected)
        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("\u001b");
    assertThat(r.out()).doesNotContain("epoch 1/1");
    assertThat(r.err().strip().lines()).as("one line").hasSize(1);
  }

  @Test
  void oneHotTargetsAreClassLabels() throws IOException {
    Path model = dir.resolve("fit.pcg");
    Files.writeString(model, MODEL);
    List<String> args = new ArrayList<>(List.of("train", model.toString(), "--epochs", "1",
        "--batch", "4", "--quiet", "--cache-dir", dir.resolve("cache").toString()));
    args.addAll(npzArrays(dir, 28, NpyArray.of(oneHot(TRAIN, 0, 0), TRAIN, 10)));

    TrainCommandTest.Result r = TrainCommandTest.pcg(args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aTargetOfOneValueIsNoClassifierForTheData() throws IOException {
    Path model = Files.writeString(dir.resolve("reg.pcg"), """
        model reg {
            input  x : [2]
            target y : []
            param  w : [2] init normal(0, 1)
            o = sum(w * x)
            loss mse(o, y)
        }
        """);
    Path csv = Files.writeString(dir.resolve("reg.csv"), "0,1,2\n1,2,1\n");

    TrainCommandTest.Result r = TrainCommandTest.pcg("train", model.toString(), "--data",
        csv.toString(), "--test-data", csv.toString(), "--quiet", "--cache-dir",
        dir.resolve("cache").toString());

    assertThat(r.code()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).contains("the model's target 'y' has shape [], but pcg's data sets"
        + " hold class labels").doesNotContain("outside");
  }

  @Test
  void weightsBeyondFloatRangeAreRefusedForAFloatModel() throws IOException {
    Path model = Files.writeString(dir.resolve("fit.pcg"), MODEL);
    double[] b = new double[10];
    b[2] = 1e300;
    Path weights = dir.resolve("huge.npz");
    Npz.write(weights, Map.of("W", NpyArray.of(new double[7840], 10, 784),
        "b", NpyArray.of(b, 10)));
    List<String> args = new ArrayList<>(List.of("eval", model.toString(), "--weights",
        weights.toString(), "--dtype", "f32", "--cache-dir", dir.resolve("cache").toString()));
    args.addAll(idxWith(dir, "x", new byte[0]));

    TrainCommandTest.Result r = TrainCommandTest.pcg(args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).contains("parameter b holds 1.0E300 at element 2, beyond the range"
        + " of f32");
  }

  @Test
  void aDataFileOfAnotherKindAndATestDirectoryAreNamedForWhatTheyAre() throws IOException {
    Path model = Files.writeString(dir.resolve("fit.pcg"), MODEL);
    Path npy = Files.writeString(dir.resolve("x.npy"), "not read");
    Path csv = Files.writeString(dir.resolve("t.csv"), "0," + "0,".repeat(783) + "0\n");
    String cache = dir.resolve("cache").toString();

    TrainCommandTest.Result other = TrainCommandTest.pcg("train", model.toString(), "--data",
        npy.toString(), "--test-data", csv.toString(), "--cache-dir", cache);
    TrainCommandTest.Result directory = TrainCommandTest.pcg("train", model.toString(),
        "--data", csv.toString(), "--test-data", dir.toString(), "--cache-dir", cache);

    assertThat(other.code()).isEqualTo(Main.USAGE);
    assertThat(other.err()).contains("--data " + npy + ": unknown data format")
        .doesNotContain("Fashion-MNIST");
    assertThat(directory.code()).isEqualTo(Main.USAGE);
    assertThat(directory.err()).contains(dir + " is a directory; --test-data takes a .csv or"
        + " .npz file");
  }

  @Test
  void aCheckpointResumesOnlyTheComputationItWasSavedFrom() throws IOException {
    Path model = dir.resolve("fit.pcg");
    Files.writeString(model, MODEL);
    Path checkpoint = dir.resolve("fit.checkpoint.npz");
    List<String> common = new ArrayList<>(List.of("train", model.toString(), "--batch", "4",
        "--quiet", "--cache-dir", dir.resolve("cache").toString(),
        "--checkpoint", checkpoint.toString()));
    common.addAll(withIdx(dir));
    List<String> first = new ArrayList<>(common);
    first.addAll(List.of("--epochs", "1", "--checkpoint-every", "2"));
    assertThat(TrainCommandTest.pcg(first.toArray(String[]::new)).code()).isZero();
    // Same name, parameters and shapes; another function of them.
    Files.writeString(model, MODEL.replace("W @ image + b", "W @ tanh(image) + b"));
    List<String> resume = new ArrayList<>(common);
    resume.addAll(List.of("--epochs", "2", "--resume"));

    TrainCommandTest.Result r = TrainCommandTest.pcg(resume.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).contains("fit.checkpoint.npz: was written by a run with other"
        + " settings (model was fit (computation ");
    assertThat(r.out()).doesNotContain("epoch 2/2");
  }

  @Test
  void aCheckpointResumesOnlyOnTheGraphItWasSavedFrom() throws IOException {
    Path model = dir.resolve("fit.pcg");
    Files.writeString(model, MODEL);
    Path checkpoint = dir.resolve("fit.checkpoint.npz");
    List<String> common = new ArrayList<>(List.of("train", model.toString(), "--batch", "4",
        "--quiet", "--algo", "zil", "--cache-dir", dir.resolve("cache").toString(),
        "--checkpoint", checkpoint.toString()));
    common.addAll(withIdx(dir));
    List<String> first = new ArrayList<>(common);
    first.addAll(List.of("--epochs", "1", "--checkpoint-every", "2"));
    assertThat(TrainCommandTest.pcg(first.toArray(String[]::new)).code()).isZero();
    List<String> resume = new ArrayList<>(common);
    resume.addAll(List.of("--epochs", "2", "--resume", "--no-level"));

    TrainCommandTest.Result r = TrainCommandTest.pcg(resume.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).containsPattern("model was fit \\(computation \\w+\\), is now fit"
        + " \\(computation \\w+\\) unlevelled");
  }

  @Test
  void evalRefusesWeightsWithAnInfinity() throws IOException {
    Path model = Files.writeString(dir.resolve("fit.pcg"), MODEL);
    float[] b = new float[10];
    b[3] = Float.POSITIVE_INFINITY;
    Path weights = dir.resolve("inf.npz");
    Npz.write(weights, Map.of("W", NpyArray.of(new float[7840], 10, 784),
        "b", NpyArray.of(b, 10)));
    List<String> args = new ArrayList<>(List.of("eval", model.toString(), "--weights",
        weights.toString(), "--cache-dir", dir.resolve("cache").toString()));
    args.addAll(idxWith(dir, "x", new byte[0]));

    TrainCommandTest.Result r = TrainCommandTest.pcg(args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isEqualTo(Main.RUN_FAILURE);
    assertThat(r.err()).isEqualTo("pcg: error: " + weights + ": parameter b holds Infinity at"
        + " element 3; weights must be finite" + System.lineSeparator());
    assertThat(r.out()).doesNotContain("accuracy");
  }

  /** Features are read flat in row-major order: [n, 28, 28] trains exactly as [n, 784]. */
  @Test
  void npzSamplesNeedTheInputsCountOfValuesNotItsShape() throws IOException {
    Path model = Files.writeString(dir.resolve("fit.pcg"), MODEL);
    double[] x = new double[TRAIN * PIXELS];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 37 % 101) / 101.0;
    }
    NpyArray labels = NpyArray.of(longLabels(TRAIN, 0, 0), TRAIN);

    String square = trainOn(model, NpyArray.of(x, TRAIN, 28, 28), labels);
    String flat = trainOn(model, NpyArray.of(x, TRAIN, PIXELS), labels);

    assertThat(square).contains("epoch 1/1").isEqualTo(flat);
  }

  /** The epoch line of one epoch on {@code x} in train.npz, timings cut off. */
  private String trainOn(Path model, NpyArray x, NpyArray labels) throws IOException {
    Npz.write(dir.resolve("train.npz"), Map.of("image", x, "label", labels));
    List<String> args = new ArrayList<>(List.of("train", model.toString(), "--epochs", "1",
        "--batch", "4", "--quiet", "--no-shuffle", "--cache-dir",
        dir.resolve("cache").toString()));
    args.addAll(npzArgs(dir));

    TrainCommandTest.Result r = TrainCommandTest.pcg(args.toArray(String[]::new));

    assertThat(r.code()).as(r.err()).isZero();
    String epoch = r.out().lines().filter(l -> l.startsWith("epoch")).findFirst().orElse("");
    return epoch.replaceFirst("%.*", "%");
  }

  static Stream<Arguments> faults() {
    return Stream.of(idxFaults(), csvFaults(), npzFaults(), weightFaults())
        .flatMap(s -> s);
  }

  private static Stream<Arguments> idxFaults() {
    return Stream.of(
        fault("truncated IDX images", d -> idxWith(d, "train-images-idx3-ubyte",
            Arrays.copyOf(images(TRAIN, 28), 500)), "truncated: the header promises"),
        fault("IDX with a wrong magic number", d -> idxWith(d, "train-labels-idx1-ubyte",
            new byte[] {0x13, 0x37, 8, 1, 0, 0, 0, 1, 0}), "not an IDX file"),
        fault("IDX of 32-bit integers", d -> idxWith(d, "t10k-labels-idx1-ubyte",
            new byte[] {0, 0, 0x0C, 1, 0, 0, 0, 0}), "element type 0x0c is not supported"),
        fault("empty IDX file", d -> idxWith(d, "t10k-images-idx3-ubyte", new byte[0]),
            "shorter than the 4-byte IDX header"),
        fault("IDX label out of range", d -> idxWith(d, "train-labels-idx1-ubyte",
            labelsWith(TRAIN, 7, 10)), "label 10 of sample 7"),
        fault("IDX label count differs from the images", d -> idxWith(d,
            "train-labels-idx1-ubyte", labelsWith(TRAIN - 1, 0, 0)), "has 19 labels but"),
        fault("IDX header promising 2^31 images", d -> idxWith(d, "train-images-idx3-ubyte",
            idx(new int[] {Integer.MAX_VALUE, 28, 28}, new byte[10])),
            "describe more than 2^31 elements"),
        fault("IDX images of 27 x 27", d -> idxWith(d, "train-images-idx3-ubyte",
            images(TRAIN, 27)), "do not fit input image[784]"),
        fault("corrupt gzip", d -> idxWith(d, "train-images-idx3-ubyte.gz",
            new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6}),
            "corrupt compressed data"),
        fault("truncated gzip", d -> idxWith(d, "t10k-images-idx3-ubyte.gz",
            Arrays.copyOf(gzip(images(TEST, 28)), 300)), "the file ends too early"),
        fault("IDX directory without labels", d -> {
          List<String> args = idxWith(d, "x", new byte[0]);
          Files.delete(d.resolve("idx/train-labels-idx1-ubyte"));
          return args;
        }, "train-labels-idx1-ubyte.gz: no such file"));
  }

  private static Stream<Arguments> csvFaults() {
    return Stream.of(
        fault("CSV cell that is no number", d -> csv(d, "3,0.5,abc\n"), "'abc' is not a"
            + " number"),
        fault("CSV NaN", d -> csv(d, "3,NaN,1\n"), "'NaN' is not a number"),
        fault("CSV 1e999", d -> csv(d, "3,1e999,1\n"), "'1e999' is too large"),
        fault("CSV label out of range", d -> csv(d, "12,0.5,1\n"), "12"),
        fault("CSV negative label", d -> csv(d, "-1,0.5,1\n"), "-1"),
        fault("CSV fractional label", d -> csv(d, "1.5,0.5,1\n"), "1.5"),
        fault("CSV ragged row", d -> csv(d, "1,0.5\n"), "line 3 has 2 cells, the first line"
            + " has 3"),
        fault("CSV cut mid-line", d -> csv(d, "1,0."), "line 3 has 2 cells"),
        fault("CSV not UTF-8", d -> csvBytes(d, new byte[] {'1', ',', (byte) 0xff, '\n'}),
            "is not UTF-8 text"),
        fault("empty CSV", d -> csvBytes(d, new byte[0]), "holds no samples"),
        fault("CSV with a terminal escape", d -> csv(d, "1,\u001b[2J,1\n"), "is not a"
            + " number"),
        fault("CSV label column past the last", d -> withArgs(csv(d, ""), "--label-column",
            "3"), "the label column is 3 but line 1 has 3 columns, numbered from 0 to 2"),
        fault("CSV header of numbers", d -> withArgs(csv(d, ""), "--csv-header"),
            "train.csv: --csv-header was given but the first line is numbers: it would be"
            + " dropped as a header"),
        fault("CSV samples too small for the model", d -> csv(d, ""),
            "do not fit input image[784]"));
  }

  private static Stream<Arguments> npzFaults() {
    return Stream.of(
        fault("npz that is no zip", d -> npzBytes(d, "garbage".getBytes(StandardCharsets.UTF_8)),
            "not a readable .npz"),
        fault("truncated npz", d -> npzBytes(d, Arrays.copyOf(validNpz(d), 4000)),
            "train.npz"),
        fault("npz without the input array", d -> npz(d, Map.of("label",
            npy("<i8", "(20,)", new byte[160]))), "has no array 'image'"),
        fault("npz entry that is no .npy", d -> npz(d, Map.of("readme.txt",
            "hello".getBytes(StandardCharsets.UTF_8))), "is not a .npy array"),
        fault("npy with a wrong magic number", d -> npz(d, Map.of("image.npy",
            "NUMPY?".getBytes(StandardCharsets.UTF_8))), "does not start with \\x93NUMPY"),
        fault("npy of complex numbers", d -> npz(d, Map.of("image.npy",
            npy("<c16", "(1,)", new byte[16]))), "dtype '<c16' is not supported"),
        fault("big-endian npy", d -> npz(d, Map.of("image.npy", npy(">f8", "(1,)",
            new byte[8]))), "dtype '>f8' is not supported"),
        fault("npy shorter than its shape", d -> npz(d, Map.of("image.npy", npy("<f8",
            "(20, 784)", new byte[100]))), "truncated: shape [20, 784]"),
        fault("npy header promising 2^31 rows", d -> npz(d, Map.of("image.npy", npy("<f4",
            "(2147483647, 784)", new byte[4]))), "too large"),
        fault("npy header that is no dict", d -> npz(d, Map.of("image.npy", npy("<f4",
            "import os", new byte[4]))), "image.npy"),
        fault("npz label out of range", d -> npzArrays(d, 28,
            NpyArray.of(longLabels(TRAIN, 3, 10), TRAIN)), "label 10 of sample 3"),
        fault("npz negative label", d -> npzArrays(d, 28,
            NpyArray.of(longLabels(TRAIN, 5, -4), TRAIN)), "label -4 of sample 5"),
        fault("npz labels of a wrong shape", d -> npzArrays(d, 28,
            NpyArray.of(new double[TRAIN * 3], TRAIN, 3)), "expected [20] class indices"),
        fault("npz regression targets", d -> npzArrays(d, 28,
            NpyArray.of(oneHot(TRAIN, 4, 0.25), TRAIN, 10)), "array 'label' is not one-hot in"
            + " sample 4 (one 1, the rest 0); only class labels (indices or one-hot rows)"),
        fault("npz row of two ones", d -> npzArrays(d, 28,
            NpyArray.of(oneHot(TRAIN, 2, 1), TRAIN, 10)), "not one-hot in sample 2"),
        fault("npz row of zeros", d -> npzArrays(d, 28,
            NpyArray.of(oneHot(TRAIN, 6, -1), TRAIN, 10)), "not one-hot in sample 6"),
        fault("npz fractional labels", d -> npzArrays(d, 28,
            NpyArray.of(halves(TRAIN), TRAIN)), "label 0.5 of sample 1 in array 'label' is not"
            + " a whole number"),
        fault("npz images as one number", d -> npz(d, Map.of("image", npy("<f8", "()",
            new byte[8]), "label", npy("<i8", "(1,)", new byte[8]))),
            "array 'image' has shape []"),
        fault("npz with no samples", d -> npz(d, Map.of("image", npy("<f8", "(0, 784)",
            new byte[0]), "label", npy("<i8", "(0,)", new byte[0]))),
            "array 'image' has shape [0, 784]"),
        fault("npz images of 27 x 27", d -> npzArrays(d, 27,
            NpyArray.of(longLabels(TRAIN, 0, 0), TRAIN)), "do not fit input image[784]"),
        fault("npz features with a NaN", d -> npzFloats(d, Double.NaN),
            "array 'image' holds NaN in sample 1 (value 5)"),
        fault("npz features with an infinity", d -> npzFloats(d, Double.NEGATIVE_INFINITY),
            "array 'image' holds -Infinity in sample 1 (value 5)"),
        fault("npz images with no pixels", d -> npzArrays(d, 0,
            NpyArray.of(longLabels(TRAIN, 0, 0), TRAIN)), "has shape [20, 0, 0]; expected"));
  }

  private static Stream<Arguments> weightFaults() {
    return Stream.of(
        fault("weights that are no npz", d -> {
          Files.write(d.resolve("w.npz"), new byte[] {1, 2, 3});
          return withIdx(d, "--init-from", d.resolve("w.npz").toString());
        }, "w.npz: not a readable .npz"),
        fault("weights of another model", d -> {
          Npz.write(d.resolve("w.npz"), Map.of("W1", NpyArray.of(new float[4], 2, 2)));
          return withIdx(d, "--init-from", d.resolve("w.npz").toString());
        }, "is not a checkpoint of model fit; missing parameters W, b"),
        fault("weights with a NaN", d -> {
          float[] w = new float[7840];
          Arrays.fill(w, Float.NaN);
          Npz.write(d.resolve("w.npz"), Map.of("W", NpyArray.of(w, 10, 784),
              "b", NpyArray.of(new float[10], 10)));
          return withIdx(d, "--init-from", d.resolve("w.npz").toString());
        }, "w.npz: parameter W holds NaN at element 0 [0, 0]; weights must be finite"),
        fault("resume without a checkpoint", d -> withIdx(d, "--resume", "--checkpoint",
            d.resolve("none.npz").toString()), "none.npz: no such file"),
        fault("resume from weights alone", d -> {
          Npz.write(d.resolve("w.npz"), Map.of("W", NpyArray.of(new float[7840], 10, 784),
              "b", NpyArray.of(new float[10], 10)));
          return withIdx(d, "--resume", "--checkpoint", d.resolve("w.npz").toString());
        }, "holds weights but no training state"));
  }

  private static Arguments fault(String name, Fault fault, String expected) {
    return Arguments.of(name, fault, expected);
  }

  // ---- IDX ----

  /** A valid IDX directory (uncompressed) with {@code file} replaced by {@code bytes}. */
  private static List<String> idxWith(Path d, String file, byte[] bytes) throws IOException {
    Path idx = d.resolve("idx");
    Files.createDirectories(idx);
    Files.write(idx.resolve("train-images-idx3-ubyte"), images(TRAIN, 28));
    Files.write(idx.resolve("train-labels-idx1-ubyte"), labelsWith(TRAIN, 0, 0));
    Files.write(idx.resolve("t10k-images-idx3-ubyte"), images(TEST, 28));
    Files.write(idx.resolve("t10k-labels-idx1-ubyte"), labelsWith(TEST, 0, 0));
    if (file.endsWith(".gz")) {
      Files.delete(idx.resolve(file.substring(0, file.length() - 3)));
    }
    Files.write(idx.resolve(file), bytes);
    return List.of("--data", idx.toString());
  }

  private static List<String> withIdx(Path d, String... more) throws IOException {
    List<String> args = new ArrayList<>(idxWith(d, "x", new byte[0]));
    args.addAll(List.of(more));
    return args;
  }

  private static byte[] images(int count, int side) {
    byte[] pixels = new byte[count * side * side];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 31);
    }
    return idx(new int[] {count, side, side}, pixels);
  }

  /** {@code count} labels i % 10, except label {@code value} at {@code at}. */
  private static byte[] labelsWith(int count, int at, int value) {
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      labels[i] = (byte) (i == at && value != 0 ? value : i % 10);
    }
    return idx(new int[] {count}, labels);
  }

  private static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put(new byte[] {0, 0, 8, (byte) dims.length});
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  // ---- CSV ----

  private static List<String> withArgs(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  /** A training CSV of two good lines of two features, then {@code last}. */
  private static List<String> csv(Path d, String last) throws IOException {
    return csvBytes(d, ("1,0.5,0.25\n2,0.125,1\n" + last).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> csvBytes(Path d, byte[] bytes) throws IOException {
    Files.write(d.resolve("train.csv"), bytes);
    Files.writeString(d.resolve("test.csv"), "1,0.5,0.25\n");
    return List.of("--data", d.resolve("train.csv").toString(), "--test-data",
        d.resolve("test.csv").toString());
  }

  // ---- npz ----

  private static List<String> npzBytes(Path d, byte[] bytes) throws IOException {
    Files.write(d.resolve("train.npz"), bytes);
    return npzArgs(d);
  }

  private static List<String> npzArgs(Path d) throws IOException {
    Path test = d.resolve("test.npz");
    if (!Files.exists(test)) {
      Npz.write(test, Map.of("image", NpyArray.of(new float[TEST * PIXELS], TEST, PIXELS),
          "label", NpyArray.of(longLabels(TEST, 0, 0), TEST)));
    }
    return List.of("--data", d.resolve("train.npz").toString(), "--test-data",
        test.toString());
  }

  private static byte[] validNpz(Path d) throws IOException {
    npzArrays(d, 28, NpyArray.of(longLabels(TRAIN, 0, 0), TRAIN));
    return Files.readAllBytes(d.resolve("train.npz"));
  }

  /** A training npz of {@link #TRAIN} images {@code side} pixels square, as uint8. */
  private static List<String> npzArrays(Path d, int side, NpyArray labels)
      throws IOException {
    byte[] idxImages = images(TRAIN, side);
    byte[] data = Arrays.copyOfRange(idxImages, 16, idxImages.length);
    Npz.write(d.resolve("train.npz"), Map.of("image",
        NpyArray.ofUnsignedBytes(data, TRAIN, side, side), "label", labels));
    return npzArgs(d);
  }

  /** Float64 images, all zero but {@code bad} at value 5 of sample 1. */
  private static List<String> npzFloats(Path d, double bad) throws IOException {
    double[] x = new double[TRAIN * PIXELS];
    x[PIXELS + 5] = bad;
    Npz.write(d.resolve("train.npz"), Map.of("image", NpyArray.of(x, TRAIN, PIXELS),
        "label", NpyArray.of(longLabels(TRAIN, 0, 0), TRAIN)));
    return npzArgs(d);
  }

  /** A zip of raw entries, each named as given (".npy" added to array names). */
  private static List<String> npz(Path d, Map<String, byte[]> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(
        d.resolve("train.npz")))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        String name = e.getKey().contains(".") ? e.getKey() : e.getKey() + ".npy";
        zip.putNextEntry(new ZipEntry(name));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return npzArgs(d);
  }

  /** The bytes of a .npy file with this descr and shape text, and {@code data} after. */
  private static byte[] npy(String descr, String shape, byte[] data) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape
        + ", }";
    if (shape.startsWith("import")) {
      dict = shape;
    }
    String header = dict + " ".repeat(118 - dict.length() % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1)
        .put((byte) 0).putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return b.array();
  }

  /**
   * One-hot rows of class i % 10, except that row {@code at} also gets {@code extra} in
   * column 9 - i % 10 (0 keeps it one-hot; -1 instead clears the row to zeros).
   */
  private static double[] oneHot(int count, int at, double extra) {
    double[] rows = new double[count * 10];
    for (int i = 0; i < count; i++) {
      rows[i * 10 + i % 10] = i == at && extra < 0 ? 0 : 1;
    }
    if (extra > 0) {
      rows[at * 10 + 9 - at % 10] = extra;
    }
    return rows;
  }

  private static double[] halves(int count) {
    double[] labels = new double[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i * 0.5;
    }
    return labels;
  }

  private static long[] longLabels(int count, int at, long value) {
    long[] labels = new long[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i == at && value != 0 ? value : i % 10;
    }
    return labels;
  }
}
