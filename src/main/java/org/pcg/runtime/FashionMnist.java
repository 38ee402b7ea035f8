package org.pcg.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Fashion-MNIST training and test sets: 28 x 28 grey images of ten kinds of clothing,
 * 60000 for training and 10000 for testing, as installed by the Debian package
 * dataset-fashion-mnist.
 */
public record FashionMnist(Dataset train, Dataset test) {

  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  public static final int CLASSES = 10;

  /** Loads the data from {@link #DEFAULT_DIR}. */
  public static FashionMnist load() {
    return load(DEFAULT_DIR);
  }

  /**
   * Loads the four IDX files from {@code dir}, each gzipped ({@code .gz}) or not.
   *
   * @throws DataException when the directory or a file is missing or a file is corrupt
   */
  public static FashionMnist load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DataException("Fashion-MNIST not found: " + dir + " is not a directory; "
          + "install with `sudo apt-get install dataset-fashion-mnist` (or pass --data DIR)");
    }
    return new FashionMnist(split(dir, "train"), split(dir, "t10k"));
  }

  private static Dataset split(Path dir, String prefix) {
    return IdxReader.load(find(dir, prefix + "-images-idx3-ubyte"),
        find(dir, prefix + "-labels-idx1-ubyte"), CLASSES);
  }

  private static Path find(Path dir, String name) {
    Path gzipped = dir.resolve(name + ".gz");
    if (Files.exists(gzipped)) {
      return gzipped;
    }
    Path plain = dir.resolve(name);
    if (Files.exists(plain)) {
      return plain;
    }
    throw new DataException(gzipped + ": no such file (nor " + plain + ")");
  }
}
