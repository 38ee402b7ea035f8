package org.pcg.runtime;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Writes files so that a reader sees the old content or the new, never a part: into a
 * temporary file in the same directory, forced to disk, then renamed over the target.
 */
final class AtomicFiles {

  /** Writes a file's content; it may close the stream it is given. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces {@code file} with what {@code content} writes. On failure the old file stays as
   * it was and the temporary file is removed.
   *
   * @throws DataException when the file cannot be written
   */
  static void write(Path file, Content content) {
    Path target = file.toAbsolutePath();
    Path temp = target.resolveSibling("." + target.getFileName() + "."
        + Long.toHexString(new SplittableRandom().nextLong()) + ".tmp");
    boolean moved = false;
    try {
      writeForced(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } catch (IOException e) {
      throw DataException.io(file, e);
    } finally {
      if (!moved) {
        deleteQuietly(temp);
      }
    }
  }

  private static void writeForced(Path temp, Content content) throws IOException {
    // CREATE_NEW rather than createTempFile: the file gets the usual permissions, not 0600.
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel),
          1 << 16);
      content.writeTo(new UnclosableStream(buffered));
      buffered.flush();
      channel.force(true);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // The write already failed and says so; a stray temporary file is the lesser problem.
    }
  }

  /** Lets writers close their wrappers without closing the channel before it is forced. */
  private static final class UnclosableStream extends FilterOutputStream {

    UnclosableStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
