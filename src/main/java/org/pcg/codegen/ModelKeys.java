package org.pcg.codegen;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.logging.Logger;
import org.pcg.ir.Graph;
import org.pcg.ir.Sha256;
import org.pcg.runtime.DType;

/**
 * The second index of the class cache: from what a model was compiled from (its file's name
 * and text, dtype, options and the pcg build) to the cache entry of its class.
 *
 * <p>The class cache proper is keyed by the generated source, so finding an entry means
 * generating the source first, which on a fresh JVM costs about as much as loading the
 * class (JavaPoet's classes load and run cold). This index skips that: a run that finds its
 * model here loads the class straight away and generates passes and source only if asked.
 *
 * <p>The key trusts that one pcg build turns the same text into the same source. The build
 * is identified by the jar pcg runs from (path, size, modification time); when pcg runs from
 * a directory of classes, as in its own tests, there is no cheap identity and the index is
 * not used.
 */
final class ModelKeys {

  private static final Logger LOG = Logger.getLogger(ModelKeys.class.getName());

  /** Subdirectory of the class cache holding one small file per model key. */
  static final String DIRECTORY = "by-model";

  /** The running pcg build's identity, or null; computed once. */
  private static final String BUILD = buildIdentity();

  private ModelKeys() {}

  /**
   * Where a model's class was cached.
   *
   * @param sourceKey the class cache entry's name (see {@link ModelCompiler#cacheKey})
   * @param className the generated class's fully qualified name
   */
  record Entry(String sourceKey, String className) {}

  /** The key of {@code graph} compiled this way, or null when it cannot be trusted. */
  static String key(Graph graph, DType dtype, ModelCompiler.Options options) {
    return key(BUILD, graph, dtype, options);
  }

  /** As {@link #key(Graph, DType, ModelCompiler.Options)} for a given build identity. */
  static String key(String build, Graph graph, DType dtype, ModelCompiler.Options options) {
    if (build == null || graph.origin() == null || options.cacheDir() == null) {
      return null;
    }
    String described = String.join("\0", build, graph.origin(), dtype.name(),
        String.valueOf(options.level()), options.packageName());
    MessageDigest sha = Sha256.digest();
    sha.update(described.getBytes(StandardCharsets.UTF_8));
    return Sha256.hex(sha).substring(0, 32);
  }

  /**
   * The entry recorded for {@code key}, or null when there is none or it is unreadable. A
   * record names its own key, so one copied over another key's file is not believed.
   */
  static Entry find(Path cacheDir, String key) {
    Path file = cacheDir.resolve(DIRECTORY).resolve(key);
    try {
      String[] words = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
      boolean wellFormed = words.length == 3 && words[0].equals(key)
          && words[1].matches("[0-9a-f]{32}") && words[2].matches("[A-Za-z_$][A-Za-z0-9_$.]*");
      return wellFormed ? new Entry(words[1], words[2]) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Deletes the record of {@code key}, which led to no usable class. */
  static void forget(Path cacheDir, String key) {
    try {
      Files.deleteIfExists(cacheDir.resolve(DIRECTORY).resolve(key));
    } catch (IOException e) {
      LOG.fine(() -> "model key record left behind: " + key);
    }
  }

  /**
   * Records that {@code key} compiles to {@code entry}, through a temporary file renamed into
   * place so a concurrent reader sees a whole record or none. Failing to record only costs
   * the next run some time, so it is logged, not reported.
   */
  static void record(Path cacheDir, String key, Entry entry) {
    Path dir = cacheDir.resolve(DIRECTORY);
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "tmp-", "");
      Files.writeString(tmp, key + " " + entry.sourceKey() + " " + entry.className() + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.fine(() -> "model key not recorded: " + e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      LOG.fine(() -> "model key temporary left behind: " + tmp);
    }
  }

  /** The jar this class was loaded from as path, size and time, or null if not a jar. */
  private static String buildIdentity() {
    CodeSource code = ModelKeys.class.getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return null;
    }
    try {
      Path jar = Path.of(code.getLocation().toURI());
      BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        return null;
      }
      return jar.toAbsolutePath() + "|" + attributes.size() + "|"
          + attributes.lastModifiedTime().toMillis();
    } catch (URISyntaxException | IOException | IllegalArgumentException
        | SecurityException e) {
      return null;
    }
  }
}
