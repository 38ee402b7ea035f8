package org.pcg.runtime;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Decompressed copies of gzipped IDX files, so that a second run skips the inflating (0.4 s
 * of CPU for Fashion-MNIST's training images). An entry is keyed by a hash of its source's
 * absolute path, size and modification time, and holds the uncompressed IDX bytes followed
 * by their CRC-32C, so that a garbled entry is caught rather than trained on.
 *
 * <p>The cache only saves time: an entry that cannot be written is skipped, and one that
 * cannot be read or fails its checks is deleted, and the source is read instead.
 */
final class IdxCache {

  /** Changes whenever the entry format does, so old entries are never misread. */
  private static final String FORMAT = "pcg-idx-cache-1";

  /** Keeps entry names within file-name limits for any source name. */
  private static final int MAX_NAME_PREFIX = 64;

  private static final int CRC_BYTES = 4;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /**
   * Bytes per read into the data array: a read into a heap buffer goes through a temporary
   * direct buffer of its size, so one 47 MB read costs a 47 MB buffer and twice the time.
   */
  private static final int READ_CHUNK = 1 << 20;

  private final Path entry;

  private IdxCache(Path entry) {
    this.entry = entry;
  }

  /**
   * {@code pcg.data.cache.dir} when set (an empty value turns the cache off), else
   * {@code ~/.cache/pcg/data}; null when there is neither.
   */
  static Path defaultDir() {
    String explicit = System.getProperty("pcg.data.cache.dir");
    if (explicit != null) {
      return explicit.isEmpty() ? null : Path.of(explicit);
    }
    String home = System.getProperty("user.home");
    return home == null || home.isEmpty() ? null : Path.of(home, ".cache", "pcg", "data");
  }

  /** The entry for {@code source} in {@code dir}, or null when there is no cache. */
  static IdxCache forSource(Path dir, Path source) {
    if (dir == null) {
      return null;
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(source, BasicFileAttributes.class);
      Path absolute = source.toAbsolutePath().normalize();
      long key = hash(absolute.toString(), attributes.size(),
          attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
      // concat, not +: on a cold JVM each new shape of + costs 20-30 ms of method-handle
      // spinning, as much as reading the whole entry.
      String name = prefix(absolute).concat("-").concat(HexFormat.of().toHexDigits(key));
      return new IdxCache(dir.resolve(name.concat(".idxcache")));
    } catch (IOException e) {
      // The source's own read reports the problem with its name.
      return null;
    }
  }

  /** Where the entry lives (whether or not it exists). */
  Path entry() {
    return entry;
  }

  /** The cached file, or null when there is none or it was invalid (and is now deleted). */
  IdxReader.Idx read() {
    if (!Files.isRegularFile(entry)) {
      return null;
    }
    try {
      IdxReader.Idx idx = readChecked();
      if (idx != null) {
        return idx;
      }
    } catch (IOException | DataException e) {
      // A garbled header or a read error: the entry is as good as garbled.
    }
    deleteQuietly();
    return null;
  }

  /** Stores {@code idx} unless the cache cannot be written, which only costs time later. */
  void write(IdxReader.Idx idx) {
    try {
      Files.createDirectories(entry.getParent());
      byte[] header = IdxReader.headerBytes(idx.dims());
      CRC32C crc = new CRC32C();
      crc.update(header);
      crc.update(idx.data());
      byte[] trailer = ByteBuffer.allocate(CRC_BYTES).putInt((int) crc.getValue()).array();
      AtomicFiles.write(entry, out -> {
        out.write(header);
        out.write(idx.data());
        out.write(trailer);
      });
    } catch (IOException | DataException e) {
      // A read-only home or a full disk: the next run decompresses again.
    }
  }

  /** Reads the header, then the data straight into its array; null when the sums differ. */
  private IdxReader.Idx readChecked() throws IOException {
    try (FileChannel channel = FileChannel.open(entry)) {
      DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
      int[] dims = IdxReader.header(entry, in);
      byte[] header = IdxReader.headerBytes(dims);
      long length = IdxReader.elementCount(entry, dims);
      if (channel.size() != header.length + length + CRC_BYTES) {
        return null;
      }
      byte[] data = new byte[(int) length];
      for (int at = 0; at < data.length; at += READ_CHUNK) {
        readFully(channel, ByteBuffer.wrap(data, at, Math.min(READ_CHUNK, data.length - at)));
      }
      ByteBuffer trailer = ByteBuffer.allocate(CRC_BYTES);
      readFully(channel, trailer);

      CRC32C crc = new CRC32C();
      crc.update(header);
      crc.update(data);
      return trailer.getInt(0) == (int) crc.getValue() ? new IdxReader.Idx(dims, data) : null;
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("entry shrank while being read");
      }
    }
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(entry);
    } catch (IOException e) {
      // Left in place, it fails its checks again next time and costs only the check.
    }
  }

  /** The source's name without {@code .gz}, so that a person can tell the entries apart. */
  private static String prefix(Path source) {
    String name = String.valueOf(source.getFileName());
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - ".gz".length());
    }
    return name.length() > MAX_NAME_PREFIX ? name.substring(0, MAX_NAME_PREFIX) : name;
  }

  /**
   * FNV-1a over the format, the path's bytes, the size and the time. A cryptographic digest
   * would cost 40 ms of provider loading on a cold JVM, and nothing here is adversarial: two
   * of a user's handful of sources share 64 bits with odds of about n^2 / 2^65.
   */
  private static long hash(String path, long size, long modified) {
    long hash = FNV_OFFSET;
    for (String text : new String[] {FORMAT, path}) {
      for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
        hash = (hash ^ (b & 0xff)) * FNV_PRIME;
      }
      // A zero byte, which no path holds, ends each text so that the two never blur.
      hash *= FNV_PRIME;
    }
    for (long value : new long[] {size, modified}) {
      for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
        hash = (hash ^ (value >>> shift & 0xff)) * FNV_PRIME;
      }
    }
    return hash;
  }
}
