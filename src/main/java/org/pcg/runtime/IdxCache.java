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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Decompressed copies of gzipped IDX files, so that a second run skips the inflating (0.4 s
 * of CPU for Fashion-MNIST's training images). An entry is named by a hash of its key (the
 * cache format, its source's absolute path, size and modification time) and holds the key
 * itself, then the uncompressed IDX bytes, then a CRC-32C of both, so that a garbled entry
 * is caught rather than trained on. The stored key ties the entry to its source: one whose
 * name collides with another source's, or that was copied or renamed, is not served.
 *
 * <p>The cache only saves time: an entry that cannot be written is skipped, and one that
 * cannot be read or fails its checks is deleted, and the source is read instead.
 */
final class IdxCache {

  /** Changes whenever the entry format does, so old entries are never misread. */
  private static final String FORMAT = "pcg-idx-cache-2";

  /** Keeps entry names within file-name limits for any source name. */
  private static final int MAX_NAME_PREFIX = 64;

  private static final int CRC_BYTES = 4;

  /** The key's length, stored before it. */
  private static final int LENGTH_BYTES = 4;

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /**
   * Bytes per read into the data array: a read into a heap buffer goes through a temporary
   * direct buffer of its size, so one 47 MB read costs a 47 MB buffer and twice the time.
   */
  private static final int READ_CHUNK = 1 << 20;

  private final Path entry;

  /** What the entry must hold to belong to its source; see {@link #key(String, long, long)}. */
  private final byte[] key;

  private IdxCache(Path entry, byte[] key) {
    this.entry = entry;
    this.key = key;
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
      byte[] key = key(absolute.toString(), attributes.size(),
          attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
      // concat, not +: on a cold JVM each new shape of + costs 20-30 ms of method-handle
      // spinning, as much as reading the whole entry.
      String name = prefix(absolute).concat("-").concat(HexFormat.of().toHexDigits(hash(key)));
      return new IdxCache(dir.resolve(name.concat(".idxcache")), key);
    } catch (IOException e) {
      // The source's own read reports the problem with its name.
      return null;
    }
  }

  /** Where the entry lives (whether or not it exists). */
  Path entry() {
    return entry;
  }

  /**
   * The cached file, or null when there is none or it was invalid or another source's (and
   * is now deleted).
   */
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
      byte[] keyBlock = keyBlock();
      byte[] header = IdxReader.headerBytes(idx.dims());
      CRC32C crc = new CRC32C();
      crc.update(keyBlock);
      crc.update(header);
      crc.update(idx.data());
      byte[] trailer = ByteBuffer.allocate(CRC_BYTES).putInt((int) crc.getValue()).array();
      AtomicFiles.write(entry, out -> {
        out.write(keyBlock);
        out.write(header);
        out.write(idx.data());
        out.write(trailer);
      });
    } catch (IOException | DataException e) {
      // A read-only home or a full disk: the next run decompresses again.
    }
  }

  /**
   * Reads the key, the header, then the data straight into its array; null when the key is
   * not this source's or the sums differ.
   */
  private IdxReader.Idx readChecked() throws IOException {
    try (FileChannel channel = FileChannel.open(entry)) {
      DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
      byte[] keyBlock = keyBlock();
      if (in.readInt() != key.length || !Arrays.equals(in.readNBytes(key.length), key)) {
        return null;
      }
      int[] dims = IdxReader.header(entry, in);
      byte[] header = IdxReader.headerBytes(dims);
      long length = IdxReader.elementCount(entry, dims);
      if (channel.size() != keyBlock.length + header.length + length + CRC_BYTES) {
        return null;
      }
      byte[] data = new byte[(int) length];
      for (int at = 0; at < data.length; at += READ_CHUNK) {
        readFully(channel, ByteBuffer.wrap(data, at, Math.min(READ_CHUNK, data.length - at)));
      }
      ByteBuffer trailer = ByteBuffer.allocate(CRC_BYTES);
      readFully(channel, trailer);

      CRC32C crc = new CRC32C();
      crc.update(keyBlock);
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
   * The format, a zero byte, the source's path, a zero byte (no path holds one, so the texts
   * never blur), then its size and modification time.
   */
  private static byte[] key(String path, long size, long modified) {
    byte[] format = FORMAT.getBytes(StandardCharsets.UTF_8);
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(format.length + name.length + 2 + 2 * Long.BYTES)
        .put(format).put((byte) 0).put(name).put((byte) 0).putLong(size).putLong(modified)
        .array();
  }

  /** The key as the entry stores it: its length, then the key. */
  private byte[] keyBlock() {
    return ByteBuffer.allocate(LENGTH_BYTES + key.length).putInt(key.length).put(key).array();
  }

  /**
   * FNV-1a over the key. A cryptographic digest would cost 40 ms of provider loading on a
   * cold JVM, and a collision costs only time: the entry holds the key it was written for,
   * and one that holds another is rewritten.
   */
  private static long hash(byte[] key) {
    long hash = FNV_OFFSET;
    for (byte b : key) {
      hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
    return hash;
  }
}
