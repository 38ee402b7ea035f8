package org.pcg.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a long run starts, that the files it will write at the end can be
 * written: a typo in {@code --save}'s directory should cost a second, not a training run.
 */
final class OutputPaths {

  private OutputPaths() {}

  /** A file {@code flag} names, to be created or replaced: its directory must exist. */
  static void checkFile(String flag, Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw usage(flag, file, file + " is a directory; name a file");
    }
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw usage(flag, file, "the directory " + dir + " does not exist; create it first");
    }
    requireWritable(flag, file, dir);
  }

  /** A directory {@code flag} names, made if missing: its nearest existing part decides. */
  static void checkDirectory(String flag, Path dir) {
    if (dir == null) {
      return;
    }
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw usage(flag, dir, existing + " is not a directory");
    }
    requireWritable(flag, dir, existing);
  }

  private static void requireWritable(String flag, Path given, Path dir) {
    if (!Files.isWritable(dir)) {
      throw usage(flag, given, "the directory " + dir + " is not writable");
    }
  }

  private static UserError usage(String flag, Path given, String problem) {
    return new UserError(flag + " " + given + ": " + problem, Main.USAGE);
  }
}
