package org.pcg.cli;

import java.io.PrintWriter;
import org.pcg.runtime.DataException;
import org.pcg.runtime.TrainingException;
import org.pcg.syntax.CompileException;
import picocli.CommandLine;

/**
 * Turns exceptions escaping a subcommand into the three error channels: model diagnostics,
 * user-facing run failures ({@link UserError}) and internal bugs (stack trace, plea for a
 * report).
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

  private final PrintWriter err;

  Failures(PrintWriter err) {
    this.err = err;
  }

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
    if (ex instanceof CompileException ce) {
      DiagnosticPrinter.print(ce.diagnostics(), err);
      return Main.MODEL_ERROR;
    }
    if (ex instanceof DataException || ex instanceof TrainingException) {
      err.println("pcg: error: " + printable(ex.getMessage()));
      return Main.RUN_FAILURE;
    }
    if (ex instanceof UserError ue) {
      err.println("pcg: error: " + printable(ue.getMessage()));
      return ue.exitCode();
    }
    err.println("pcg: internal error (this is a bug in pcg; please report it with the"
        + " model file and command):");
    ex.printStackTrace(err);
    return Main.INTERNAL_ERROR;
  }

  /**
   * {@code message} with control characters shown as {@code \xNN}: a message quotes text
   * from data files, and a file must not be able to send escape sequences to the terminal.
   */
  static String printable(String message) {
    StringBuilder sb = new StringBuilder(message.length());
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0);
      sb.append(control ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
