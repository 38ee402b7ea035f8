package org.pcg.runtime;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of the MNIST family (MNIST, Fashion-MNIST, KMNIST): a header of two
 * zero bytes, an element type, a dimension count and big-endian dimensions, then the
 * elements. Gzipped files are recognised by their magic bytes, whatever their name, and
 * their decompressed bytes are kept in an {@link IdxCache} for the next run. Only
 * unsigned-byte files are read, which is what these data sets use.
 */
public final class IdxReader {

  private static final int UNSIGNED_BYTE = 0x08;

  /** More dimensions than any image or label file has; guards against a garbage header. */
  private static final int MAX_DIMENSIONS = 8;

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private IdxReader() {}

  /** An IDX file's dimensions and elements. */
  record Idx(int[] dims, byte[] data) {}

  /**
   * Loads an image file and its label file as a data set: pixels scaled from 0..255 to
   * [0, 1], one sample per image, sample shape the image's dimensions. Gzipped files go
   * through the cache in {@link IdxCache#defaultDir()}.
   */
  public static Dataset load(Path images, Path labels, int numClasses) {
    return load(images, labels, numClasses, IdxCache.defaultDir());
  }

  /** As {@link #load(Path, Path, int)} with the given cache directory, or none if null. */
  static Dataset load(Path images, Path labels, int numClasses, Path cacheDir) {
    Idx pixels = read(images, cacheDir);
    Idx classes = read(labels, cacheDir);
    if (pixels.dims().length < 2) {
      throw DataException.in(images, "an image file has at least 2 dimensions (count, pixels"
          + "...), this one has dimensions " + Arrays.toString(pixels.dims()));
    }
    if (classes.dims().length != 1) {
      throw DataException.in(labels, "a label file has 1 dimension, this one has dimensions "
          + Arrays.toString(classes.dims()) + " (are the image and label files swapped?)");
    }
    int count = pixels.dims()[0];
    if (classes.dims()[0] != count) {
      throw DataException.in(labels, "has " + classes.dims()[0] + " labels but " + images
          + " has " + count + " images");
    }
    int[] sampleShape = Arrays.copyOfRange(pixels.dims(), 1, pixels.dims().length);
    return Dataset.owningPixels(images.toString(), sampleShape, pixels.data(),
        checkedLabels(labels, classes.data(), numClasses), numClasses);
  }

  /**
   * Reads a whole unsigned-byte IDX file, checking its header and length; a gzipped one from
   * its entry in {@code cacheDir} when that holds a sound copy (no cache if null).
   */
  static Idx read(Path file, Path cacheDir) {
    try (InputStream raw = Files.newInputStream(file)) {
      BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
      if (!isGzipped(in)) {
        return parse(file, in);
      }
      IdxCache cache = IdxCache.forSource(cacheDir, file);
      Idx cached = cache == null ? null : cache.read();
      if (cached != null) {
        return cached;
      }
      Idx idx = parse(file, new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16));
      if (cache != null) {
        cache.write(idx);
      }
      return idx;
    } catch (IOException e) {
      throw DataException.io(file, e);
    }
  }

  private static boolean isGzipped(BufferedInputStream in) throws IOException {
    in.mark(2);
    boolean gzip = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
    in.reset();
    return gzip;
  }

  private static Idx parse(Path file, InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int[] dims = header(file, in);
    int length = elementCount(file, dims);
    byte[] data = in.readNBytes(length);
    if (data.length < length) {
      throw DataException.in(file, "truncated: the header promises " + length
          + " data bytes, the file holds " + data.length);
    }
    if (in.read() != -1) {
      throw DataException.in(file, "has bytes after the " + length
          + " data bytes its header promises");
    }
    return new Idx(dims, data);
  }

  /** The header that {@link #header} reads back as {@code dims}. */
  static byte[] headerBytes(int[] dims) {
    ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
    header.put(new byte[] {0, 0, UNSIGNED_BYTE, (byte) dims.length});
    for (int d : dims) {
      header.putInt(d);
    }
    return header.array();
  }

  /** Reads and checks the header: magic, element type, dimensions. */
  static int[] header(Path file, DataInputStream in) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw DataException.in(file, "truncated: shorter than the 4-byte IDX header");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw DataException.in(file, String.format("not an IDX file: it starts with bytes "
          + "%02x %02x, an IDX file with 00 00", magic[0] & 0xff, magic[1] & 0xff));
    }
    if (magic[2] != UNSIGNED_BYTE) {
      throw DataException.in(file, String.format("IDX element type 0x%02x is not supported;"
          + " only unsigned bytes (0x08) are", magic[2] & 0xff));
    }
    int rank = magic[3] & 0xff;
    if (rank < 1 || rank > MAX_DIMENSIONS) {
      throw DataException.in(file, "IDX header declares " + rank + " dimensions; expected 1 "
          + "to " + MAX_DIMENSIONS);
    }
    byte[] dimBytes = in.readNBytes(4 * rank);
    if (dimBytes.length < 4 * rank) {
      throw DataException.in(file, "truncated inside the list of " + rank + " dimensions");
    }
    return bigEndianInts(dimBytes, rank);
  }

  private static int[] bigEndianInts(byte[] bytes, int count) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      values[i] = (bytes[4 * i] & 0xff) << 24 | (bytes[4 * i + 1] & 0xff) << 16
          | (bytes[4 * i + 2] & 0xff) << 8 | bytes[4 * i + 3] & 0xff;
    }
    return values;
  }

  static int elementCount(Path file, int[] dims) {
    long count = 1;
    for (int d : dims) {
      // A dimension of 2^31 or more reads as negative: it is too large for us either way.
      if (d < 1) {
        throw DataException.in(file, "dimension " + Integer.toUnsignedString(d)
            + " in the header is not a positive size that fits in memory");
      }
      count *= d;
      if (count > Integer.MAX_VALUE - 8) {
        throw DataException.in(file, "dimensions " + Arrays.toString(dims)
            + " describe more than 2^31 elements");
      }
    }
    return (int) count;
  }

  private static int[] checkedLabels(Path file, byte[] data, int numClasses) {
    int[] labels = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      labels[i] = data[i] & 0xff;
      if (labels[i] >= numClasses) {
        throw DataException.in(file, "label " + labels[i] + " of sample " + i
            + " is outside 0.." + (numClasses - 1));
      }
    }
    return labels;
  }
}
