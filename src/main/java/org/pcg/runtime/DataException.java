package org.pcg.runtime;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;

/**
 * A data file cannot be read or written, or what it holds is wrong: a bad magic number, a
 * truncated file, a label out of range, a bad CSV cell, an unsupported array type, data that
 * does not fit the model. The message names the file and says what is wrong, so a command
 * line tool can print it as it is.
 */
public final class DataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A fault in the content of {@code where}: a file, or an entry of an archive. */
  static DataException in(Object where, String what) {
    return new DataException(where + ": " + what);
  }

  /** An I/O failure on {@code where}, described in words rather than by exception class. */
  static DataException io(Object where, IOException e) {
    return new DataException(where + ": " + describe(e), e);
  }

  /** An I/O failure in words, without the exception's class name. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof EOFException) {
      return "the file ends too early (truncated)";
    }
    if (e instanceof ZipException) {
      return "corrupt compressed data (" + e.getMessage() + ")";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
