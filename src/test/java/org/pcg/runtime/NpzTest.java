package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npz round trips, hand-made broken archives, and NumPy reading and writing them. */
class NpzTest {

  @TempDir
  Path dir;

  @Test
  void everyKindSurvivesARoundTrip() {
    Map<String, NpyArray> arrays = sampleArrays();
    Path file = dir.resolve("all.npz");
    Npz.write(file, arrays);

    Map<String, NpyArray> back = Npz.read(file);

    assertThat(back.keySet()).containsExactlyElementsOf(arrays.keySet());
    for (String name : arrays.keySet()) {
      assertThat(back.get(name).kind()).as(name).isEqualTo(arrays.get(name).kind());
      assertThat(back.get(name).shape()).as(name).isEqualTo(arrays.get(name).shape());
      assertThat(back.get(name).toDoubles()).as(name)
          .isEqualTo(arrays.get(name).toDoubles());
    }
    assertThat(back.get("layer[0].b").toLongs()).containsExactly(-1L << 40, 7);
  }

  @Test
  void writeReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("w.npz");
    Npz.write(file, Map.of("a", NpyArray.of(new double[] {1}, 1)));
    Npz.write(file, Map.of("b", NpyArray.of(new double[] {2}, 1)));
    assertThat(Npz.read(file).keySet()).containsExactly("b");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aFailedWriteKeepsTheOldFile() throws IOException {
    Path file = dir.resolve("keep.npz");
    Npz.write(file, Map.of("a", NpyArray.of(new double[] {1}, 1)));
    assertThatThrownBy(() -> Npz.write(file, Map.of("", NpyArray.of(new double[] {2}, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Npz.read(file).keySet()).containsExactly("a");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void unsupportedHeadersAreRefusedClearly() throws IOException {
    assertBadNpy(npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", 8),
        "dtype '>f8' is not supported (supported: <f8 <f4 <i8 <i4 |u1, little-endian)");
    assertBadNpy(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 32),
        "is stored in Fortran order; only C order is supported");
    assertBadNpy(npy(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 8),
        ".npy format version 3.0 is not supported (only 1.0 and 2.0)");
    assertBadNpy(npy(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
        8), "structured and object dtypes are not supported");
    assertBadNpy(npy(1, "{'descr': '<f8', 'shape': (1,), }", 8),
        "the header has no valid 'fortran_order' entry");
    assertBadNpy("not numpy".getBytes(StandardCharsets.US_ASCII),
        "not a .npy array (it does not start with \\x93NUMPY)");
  }

  @Test
  void truncatedAndOverlongDataAreRefused() throws IOException {
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    assertBadNpy(npy(1, header, 20),
        "truncated: shape [2, 3] of <f4 needs 24 data bytes, found 20");
    assertBadNpy(npy(1, header, 25), "has bytes after the 24 its header promises");
  }

  @Test
  void version2HeadersAreRead() throws IOException {
    Path file = zip("v2.npz", "x.npy",
        npy(2, "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", 4));
    NpyArray x = Npz.read(file).get("x");
    assertThat(x.shape()).isEmpty();
    assertThat(x.size()).isEqualTo(1);
  }

  @Test
  void nonArchivesAndForeignEntriesAreRefused() throws IOException {
    Path text = Files.writeString(dir.resolve("text.npz"), "hello");
    assertThatThrownBy(() -> Npz.read(text))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith(text + ": not a readable .npz (zip) archive");
    Path foreign = zip("foreign.npz", "readme.txt", new byte[] {1});
    assertThatThrownBy(() -> Npz.read(foreign))
        .hasMessage(foreign + ": entry 'readme.txt' is not a .npy array");
    assertThatThrownBy(() -> Npz.read(dir.resolve("none.npz")))
        .hasMessageEndingWith("none.npz: no such file");
  }

  @Test
  void numpyReadsWhatWeWrite() throws Exception {
    assumeTrue(numpyAvailable(), "python3 with numpy is not available");
    Path file = dir.resolve("for numpy.npz");
    Npz.write(file, sampleArrays());

    String check = String.join("\n",
        "import numpy as np, sys",
        "z = np.load(sys.argv[1])",
        "assert list(z.keys()) == ['w.1', 'layer[0].b', 'f', 'pixels', 'i4', 's'], z.keys()",
        "assert z['w.1'].dtype == np.float64 and z['w.1'].shape == (2, 3)",
        "assert np.array_equal(z['w.1'], np.arange(6).reshape(2, 3) * 0.25 - 1)",
        "assert z['layer[0].b'].dtype == np.int64",
        "assert z['layer[0].b'].tolist() == [-(1 << 40), 7]",
        "assert z['f'].dtype == np.float32 and z['f'].shape == (2, 1, 2)",
        "assert np.array_equal(z['f'].ravel(), np.float32([0.1, -2.5, 3e-8, 1e30]))",
        "assert z['pixels'].dtype == np.uint8 and z['pixels'].tolist() == [0, 128, 255]",
        "assert z['i4'].dtype == np.int32 and z['i4'].tolist() == [[-7], [2147483647]]",
        "assert z['s'].shape == () and z['s'] == 3.5",
        "print('ok')");
    assertThat(python(check, file.toString())).isEqualTo("ok");
  }

  @Test
  void weReadWhatNumpyWrites() throws Exception {
    assumeTrue(numpyAvailable(), "python3 with numpy is not available");
    Path stored = dir.resolve("stored.npz");
    Path compressed = dir.resolve("compressed.npz");
    String write = String.join("\n",
        "import numpy as np, sys",
        "a = dict(d=np.arange(12, dtype='<f8').reshape(3, 4) / 8,",
        "         f=np.float32([[1.5, -0.25]]), i=np.int64([3, -4]),",
        "         j=np.arange(5, dtype='<i4'), u=np.uint8([9, 200]),",
        "         t=np.ascontiguousarray(np.arange(6.0).reshape(2, 3).T))",
        "np.savez(sys.argv[1], **a)",
        "np.savez_compressed(sys.argv[2], **a)");
    python(write, stored.toString(), compressed.toString());

    for (Path file : List.of(stored, compressed)) {
      Map<String, NpyArray> z = Npz.read(file);
      assertThat(z.get("d").shape()).containsExactly(3, 4);
      assertThat(z.get("d").toDoubles()[11]).isEqualTo(11.0 / 8);
      assertThat(z.get("f").kind()).isEqualTo(NpyArray.Kind.F4);
      assertThat(z.get("f").toDoubles()).containsExactly(1.5, -0.25);
      assertThat(z.get("i").toLongs()).containsExactly(3, -4);
      assertThat(z.get("j").toLongs()).containsExactly(0, 1, 2, 3, 4);
      assertThat(z.get("u").toLongs()).containsExactly(9, 200);
      assertThat(z.get("t").toDoubles()).containsExactly(0, 3, 1, 4, 2, 5);
    }
  }

  @Test
  void numpysFortranOrderIsRefused() throws Exception {
    assumeTrue(numpyAvailable(), "python3 with numpy is not available");
    Path file = dir.resolve("fortran.npz");
    python("import numpy as np, sys\n"
        + "np.savez(sys.argv[1], t=np.asfortranarray(np.ones((2, 3))))", file.toString());
    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(DataException.class)
        .hasMessage(file + " (t.npy): is stored in Fortran order; only C order is supported "
            + "(save numpy.ascontiguousarray(a) instead)");
  }

  /** Names with dots and brackets, as parameters of expanded layers have. */
  private static Map<String, NpyArray> sampleArrays() {
    Map<String, NpyArray> arrays = new LinkedHashMap<>();
    double[] w = new double[6];
    for (int i = 0; i < w.length; i++) {
      w[i] = i * 0.25 - 1;
    }
    arrays.put("w.1", NpyArray.of(w, 2, 3));
    arrays.put("layer[0].b", NpyArray.of(new long[] {-1L << 40, 7}, 2));
    arrays.put("f", NpyArray.of(new float[] {0.1f, -2.5f, 3e-8f, 1e30f}, 2, 1, 2));
    arrays.put("pixels", NpyArray.ofUnsignedBytes(new byte[] {0, (byte) 128, (byte) 255}, 3));
    arrays.put("i4", NpyArray.of(new int[] {-7, Integer.MAX_VALUE}, 2, 1));
    arrays.put("s", NpyArray.of(new double[] {3.5}));
    return arrays;
  }

  private void assertBadNpy(byte[] npy, String message) throws IOException {
    Path file = zip("bad.npz", "a.npy", npy);
    assertThatThrownBy(() -> Npz.read(file))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith(file + " (a.npy): ")
        .hasMessageContaining(message);
  }

  /** A .npy entry with the given version and header, and {@code dataBytes} zero bytes. */
  private static byte[] npy(int version, String header, int dataBytes) {
    int lengthBytes = version == 1 ? 2 : 4;
    byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length + dataBytes)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      b.putShort((short) text.length);
    } else {
      b.putInt(text.length);
    }
    return b.put(text).array();
  }

  private Path zip(String name, String entry, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content);
      zip.closeEntry();
    }
    return Files.write(dir.resolve(name), out.toByteArray());
  }

  private static boolean numpyAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs a Python script with arguments; returns its trimmed output, fails on non-zero exit. */
  private static String python(String script, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output.strip();
  }
}
