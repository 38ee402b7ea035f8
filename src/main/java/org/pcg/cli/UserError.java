package org.pcg.cli;

/**
 * A failure the user can fix (a missing dataset, a corrupt file, a check that did not
 * hold): printed as one message, no stack trace.
 */
public final class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public UserError(String message) {
    this(message, Main.RUN_FAILURE);
  }

  public UserError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
