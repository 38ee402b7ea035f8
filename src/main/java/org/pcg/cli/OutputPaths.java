package org.pcg.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pcg.runtime.DataException;
import picocli.CommandLine;

/**
 * Checks, before a long run starts, that the files it will write at the end can be
 * written: a typo in {@code --save}'s directory should cost a second, not a training run.
 */
final class OutputPaths {

  private OutputPaths() {}

  /**
   * Converts an option naming a file to write. A value ending in a slash names a directory,
   * but {@link Path} drops the slash, so {@code --save out/} would write a file called out;
   * this refuses it while the slash is still there to see.
   */
  static final class FileName implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      if (value.endsWith("/") || value.endsWith(java.io.File.separator)) {
        throw new CommandLine.TypeConversionException("'" + value + "' ends with a slash,"
            + " so it names a directory; name the file to write, such as " + value
            + "weights.npz");
      }
      return Path.of(value);
    }
  }

  /** Writes generated source to {@code file}, making its directories; says why if it cannot. */
  static void writeSource(Path file, String code) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, code, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot write " + file + ": " + DataException.describe(e));
    }
  }

  /** A file {@code flag} names, to be created or replaced: its directory must exist. */
  static void checkFile(String flag, Path file) {
    if (file == null) {
      return;
    }
    requireName(flag, file);
    if (Files.isDirectory(file)) {
      throw usage(flag, file, file + " is a directory; name a file");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw usage(flag, file, "the directory " + dir + " does not exist; create it first");
    }
    requireWritable(flag, file, dir);
  }

  /**
   * Refuses an output that is one of the run's inputs (the model file, the data, weights it
   * starts from) or another output: writing it would destroy that file without a word.
   */
  static void notOver(String flag, Path output, Map<String, Path> others) {
    if (output == null) {
      return;
    }
    for (Map.Entry<String, Path> other : others.entrySet()) {
      if (other.getValue() != null && same(output, other.getValue())) {
        throw usage(flag, output, "is also " + other.getKey() + "; writing it would replace"
            + " that file");
      }
    }
  }

  private static boolean same(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A directory {@code flag} names, made at the end if missing. Only its last part is made:
   * a missing parent is more likely a typo than a wish for a new tree of directories.
   */
  static void checkDirectory(String flag, Path dir) {
    if (dir == null) {
      return;
    }
    requireName(flag, dir);
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      requireWritable(flag, dir, absolute);
      return;
    }
    if (Files.exists(absolute)) {
      throw usage(flag, dir, dir + " is not a directory");
    }
    Path parent = absolute.getParent();
    if (parent == null || !Files.exists(parent)) {
      throw usage(flag, dir, "the directory " + parent + " does not exist; pcg makes only the"
          + " last directory of the path");
    }
    if (!Files.isDirectory(parent)) {
      throw usage(flag, dir, parent + " is not a directory");
    }
    requireWritable(flag, dir, parent);
  }

  /**
   * A directory {@code flag} names that may be made with its missing parents, as a source
   * root such as {@code src/main/java} is: its nearest existing ancestor must be a directory
   * where files can be created.
   */
  static void checkTree(String flag, Path dir) {
    requireName(flag, dir);
    Path existing = dir.toAbsolutePath();
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw usage(flag, dir, existing + " is not a directory");
    }
    requireWritable(flag, dir, existing);
  }

  /** An empty argument would otherwise name the current directory. */
  private static void requireName(String flag, Path path) {
    if (path.toString().isBlank()) {
      throw new UserError(flag + " needs a path; it was given an empty one", Main.USAGE);
    }
  }

  /**
   * Creates and deletes a file in {@code dir}. Asking the file system for permissions is not
   * enough: root passes every permission check, yet cannot create files in /proc or on a
   * read-only mount.
   */
  private static void requireWritable(String flag, Path given, Path dir) {
    Path probe;
    try {
      probe = Files.createTempFile(dir, ".pcg-write-check", ".tmp");
    } catch (IOException | SecurityException e) {
      throw usage(flag, given, "cannot create files in " + dir + " (" + reason(e) + ")");
    }
    try {
      Files.delete(probe);
    } catch (IOException e) {
      // The directory is writable, which is what was asked; a stray empty file is harmless.
      probe.toFile().deleteOnExit();
    }
  }

  /** Why, in words: the messages of these exceptions are often just the probe's name. */
  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException || e instanceof SecurityException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return "not writable";
  }

  private static UserError usage(String flag, Path given, String problem) {
    return new UserError(flag + " " + given + ": " + problem, Main.USAGE);
  }
}
