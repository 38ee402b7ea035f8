package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here, well-formed and broken, gzipped and plain. */
class IdxReaderTest {

  private static final double PIXEL_TOLERANCE = 1e-7;

  @TempDir
  Path dir;

  @Test
  void loadsPlainAndGzippedFilesAlike() throws IOException {
    // Three 2 x 2 images: pixels 0, 51, ..., 255 cycling, labels 2, 0, 1.
    byte[] pixels = new byte[12];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (51 * (i % 6));
    }
    Path images = write("images", false, idx(new int[] {3, 2, 2}, pixels));
    Path labels = write("labels.gz", true, idx(new int[] {3}, new byte[] {2, 0, 1}));

    Dataset data = IdxReader.load(images, labels, 3, cache());

    assertThat(data.size()).isEqualTo(3);
    assertThat(data.sampleShape()).containsExactly(2, 2);
    assertThat(data.featureCount()).isEqualTo(4);
    assertThat(data.label(0)).isEqualTo(2);
    assertThat(data.feature(0, 1)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(
        PIXEL_TOLERANCE));
    assertThat(data.feature(1, 1)).isEqualTo(1.0);
    assertThat(data.feature(1, 2)).isEqualTo(0.0);
  }

  @Test
  void wrongMagicIsRefused() throws IOException {
    Path file = write("bad", false, new byte[] {1, 2, 8, 1, 0, 0, 0, 1, 5});
    assertThatThrownBy(() -> IdxReader.read(file, cache()))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": not an IDX file: it starts with bytes 01 02, an IDX file with "
            + "00 00");
  }

  @Test
  void nonByteElementsAreRefused() throws IOException {
    Path file = write("floats", false, new byte[] {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0});
    assertThatThrownBy(() -> IdxReader.read(file, cache()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("IDX element type 0x0d is not supported");
  }

  @Test
  void truncatedDataIsRefusedPlainOrGzipped() throws IOException {
    byte[] whole = idx(new int[] {2, 3}, new byte[6]);
    byte[] cut = Arrays.copyOf(whole, whole.length - 2);
    Path plain = write("cut", false, cut);
    Path gzipped = write("cut.gz", true, cut);
    assertThatThrownBy(() -> IdxReader.read(plain, cache()))
        .isInstanceOf(DataException.class)
        .hasMessage(plain + ": truncated: the header promises 6 data bytes, the file holds 4");
    assertThatThrownBy(() -> IdxReader.read(gzipped, cache()))
        .hasMessageContaining("truncated: the header promises 6 data bytes");
    assertThat(cache()).as("a file that failed its checks is not cached").doesNotExist();
  }

  @Test
  void aGzipStreamCutShortIsACorruptFile() throws IOException {
    byte[] gz = gzip(idx(new int[] {100}, new byte[100]));
    Path file = write("short.gz", false, Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(() -> IdxReader.read(file, cache()))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith(file + ": ");
  }

  @Test
  void truncatedHeaderAndTrailingBytesAreRefused() throws IOException {
    Path header = write("header", false, new byte[] {0, 0, 8, 3, 0, 0, 0, 2});
    assertThatThrownBy(() -> IdxReader.read(header, cache()))
        .hasMessage(header + ": truncated inside the list of 3 dimensions");
    byte[] longer = Arrays.copyOf(idx(new int[] {2}, new byte[] {1, 1}), 11);
    Path trailing = write("trailing", false, longer);
    assertThatThrownBy(() -> IdxReader.read(trailing, cache()))
        .hasMessage(trailing + ": has bytes after the 2 data bytes its header promises");
  }

  @Test
  void absurdDimensionsAreRefusedBeforeReading() throws IOException {
    Path zero = write("zero", false, idx(new int[] {0, 28}, new byte[0]));
    assertThatThrownBy(() -> IdxReader.read(zero, cache())).hasMessageContaining("dimension 0 ");
    Path huge = write("huge", false, idx(new int[] {65536, 65536}, new byte[0]));
    assertThatThrownBy(() -> IdxReader.read(huge, cache()))
        .hasMessageContaining("describe more than 2^31 elements");
  }

  @Test
  void labelsMustFitTheClassesAndTheImages() throws IOException {
    Path images = write("images", false, idx(new int[] {2, 1, 1}, new byte[] {0, 0}));
    Path labels = write("labels", false, idx(new int[] {2}, new byte[] {1, 10}));
    assertThatThrownBy(() -> IdxReader.load(images, labels, 10, cache()))
        .isInstanceOf(DataException.class)
        .hasMessage(labels + ": label 10 of sample 1 is outside 0..9");

    Path three = write("three", false, idx(new int[] {3}, new byte[] {1, 1, 1}));
    assertThatThrownBy(() -> IdxReader.load(images, three, 10, cache()))
        .hasMessage(three + ": has 3 labels but " + images + " has 2 images");
    assertThatThrownBy(() -> IdxReader.load(three, images, 10, cache()))
        .hasMessageContaining("an image file has at least 2 dimensions");
    assertThatThrownBy(() -> IdxReader.load(images, images, 10, cache()))
        .hasMessageContaining("(are the image and label files swapped?)");
  }

  @Test
  void aMissingFileIsADataException() {
    Path missing = dir.resolve("missing.gz");
    assertThatThrownBy(() -> IdxReader.read(missing, cache()))
        .isInstanceOf(DataException.class)
        .hasMessage(missing + ": no such file or directory");
  }

  /** An unsigned-byte IDX file: magic, dimensions, data. */
  static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put(new byte[] {0, 0, 8, (byte) dims.length});
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  /** A cache directory of this test's own, so that no test writes to the user's cache. */
  private Path cache() {
    return dir.resolve("cache");
  }

  private Path write(String name, boolean gzipped, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), gzipped ? gzip(bytes) : bytes);
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
