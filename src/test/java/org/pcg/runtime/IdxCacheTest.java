package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of decompressed IDX files: hits, misses, entries that went bad and entries that
 * belong to another source.
 */
class IdxCacheTest {

  private static final int IMAGES = 6;
  private static final int CLASSES = 4;
  private static final long SEED = 7;

  @TempDir
  Path dir;

  private Path images;
  private Path labels;
  private Path cache;

  /** Gzipped images of seeded random pixels and their labels. */
  @BeforeEach
  void writeGzippedFiles() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] pixels = new byte[IMAGES * 3 * 5];
    byte[] classes = new byte[IMAGES];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) random.nextInt(256);
    }
    for (int i = 0; i < classes.length; i++) {
      classes[i] = (byte) random.nextInt(CLASSES);
    }
    images = gzipped("images.gz", IdxReaderTest.idx(new int[] {IMAGES, 3, 5}, pixels));
    labels = gzipped("labels.gz", IdxReaderTest.idx(new int[] {IMAGES}, classes));
    cache = dir.resolve("cache");
  }

  @Test
  void aMissThenAHitGiveTheSameData() throws IOException {
    Dataset uncached = IdxReader.load(images, labels, CLASSES, null);

    Dataset miss = load();
    assertThat(entries()).hasSize(2);
    Dataset hit = load();

    assertSame(miss, uncached);
    assertSame(hit, uncached);
  }

  @Test
  void aHitDoesNotDecompressTheSource() throws IOException {
    Dataset original = load();
    // Same size, same time, but no longer a valid gzip stream after its magic bytes.
    FileTime time = Files.getLastModifiedTime(images);
    byte[] broken = new byte[(int) Files.size(images)];
    broken[0] = 0x1f;
    broken[1] = (byte) 0x8b;
    Files.write(images, broken);
    Files.setLastModifiedTime(images, time);

    assertSame(load(), original);
    assertThatThrownBy(() -> IdxReader.load(images, labels, CLASSES, null))
        .isInstanceOf(DataException.class);
  }

  @Test
  void aChangedSourceGetsAnEntryOfItsOwn() throws IOException {
    Path before = IdxCache.forSource(cache, images).entry();
    Files.setLastModifiedTime(images, FileTime.fromMillis(0));
    Path after = IdxCache.forSource(cache, images).entry();

    assertThat(after).isNotEqualTo(before);
    assertThat(after.getFileName().toString()).startsWith("images-").endsWith(".idxcache");
  }

  @Test
  void aGarbledEntryIsReplacedNotFatal() throws IOException {
    // The last label becomes 127, outside the classes: trusted, it would stop the run.
    assertRepaired(labels, sound -> {
      byte[] garbled = sound.clone();
      garbled[garbled.length - 5] = 127;
      return garbled;
    });
  }

  @Test
  void aGarbledHeaderIsReplacedNotFatal() throws IOException {
    // The second dimension becomes 2^30 + 3: too large to fit, and unlike the entry's length.
    // The IDX header follows the stored key, which its length leads.
    assertRepaired(images, sound -> {
      byte[] garbled = sound.clone();
      garbled[Integer.BYTES + ByteBuffer.wrap(sound).getInt() + 8] = 0x40;
      return garbled;
    });
  }

  @Test
  void anEntryRenamedToAnotherSourcesNameIsNotServed() throws IOException {
    // Same shape as the images, other pixels: served in their place, nothing would notice.
    Path other = gzipped("other.gz", IdxReaderTest.idx(new int[] {IMAGES, 3, 5},
        new byte[IMAGES * 3 * 5]));
    byte[] pixels = IdxReader.read(images, null).data();
    Path entry = IdxCache.forSource(cache, images).entry();
    IdxReader.read(images, cache);
    byte[] sound = Files.readAllBytes(entry);
    IdxReader.read(other, cache);
    Files.move(IdxCache.forSource(cache, other).entry(), entry,
        StandardCopyOption.REPLACE_EXISTING);

    assertThat(IdxReader.read(images, cache).data()).isEqualTo(pixels);
    assertThat(Files.readAllBytes(entry)).isEqualTo(sound);
  }

  @Test
  void aTruncatedEntryFallsBackToTheSource() throws IOException {
    for (int kept : new int[] {0, 3, 40, 97}) {
      assertRepaired(images, sound -> Arrays.copyOf(sound, sound.length * kept / 100));
    }
  }

  @Test
  void anUnwritableCacheDirectoryStillLoads() throws IOException {
    Dataset original = IdxReader.load(images, labels, CLASSES, null);
    // A regular file where a directory should be stops even root from writing there.
    Path blocker = Files.writeString(dir.resolve("blocker"), "not a directory");

    assertSame(IdxReader.load(images, labels, CLASSES, blocker.resolve("cache")), original);
    assertSame(IdxReader.load(images, labels, CLASSES, blocker), original);
    assertThat(blocker).hasContent("not a directory");
  }

  @Test
  void uncompressedFilesAreReadDirectly() throws IOException {
    Path plain = Files.write(dir.resolve("labels"), IdxReaderTest.idx(new int[] {2},
        new byte[] {1, 3}));
    IdxReader.read(plain, cache);
    assertThat(cache).doesNotExist();
  }

  @Test
  void thePropertyMovesOrDisablesTheCache() {
    String saved = System.getProperty("pcg.data.cache.dir");
    try {
      System.setProperty("pcg.data.cache.dir", dir.toString());
      assertThat(IdxCache.defaultDir()).isEqualTo(dir);
      System.setProperty("pcg.data.cache.dir", "");
      assertThat(IdxCache.defaultDir()).isNull();
      System.clearProperty("pcg.data.cache.dir");
      assertThat(IdxCache.defaultDir())
          .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "pcg", "data"));
    } finally {
      if (saved == null) {
        System.clearProperty("pcg.data.cache.dir");
      } else {
        System.setProperty("pcg.data.cache.dir", saved);
      }
    }
  }

  /**
   * Damages {@code source}'s entry, then checks that loading still gives the source's data
   * and writes the entry back as it was.
   */
  private void assertRepaired(Path source, UnaryOperator<byte[]> damage) throws IOException {
    Dataset original = load();
    Path entry = IdxCache.forSource(cache, source).entry();
    byte[] sound = Files.readAllBytes(entry);
    Files.write(entry, damage.apply(sound));

    assertSame(load(), original);
    assertThat(Files.readAllBytes(entry)).isEqualTo(sound);
  }

  private Dataset load() {
    return IdxReader.load(images, labels, CLASSES, cache);
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.toList();
    }
  }

  /** Same shape, labels and every feature bit for bit. */
  private static void assertSame(Dataset actual, Dataset expected) {
    assertThat(actual.sampleShape()).isEqualTo(expected.sampleShape());
    assertThat(actual.size()).isEqualTo(expected.size());
    for (int s = 0; s < expected.size(); s++) {
      assertThat(actual.label(s)).isEqualTo(expected.label(s));
      for (int f = 0; f < expected.featureCount(); f++) {
        assertThat(actual.feature(s, f)).isEqualTo(expected.feature(s, f));
      }
    }
  }

  private Path gzipped(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), IdxReaderTest.gzip(bytes));
  }
}
