package org.pcg.cli;

import java.io.PrintWriter;
import org.pcg.runtime.DataException;
import org.pcg.runtime.TrainingException;
import org.pcg.syntax.CompileException;
import org.pcg.syntax.Printable;
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
   * {@code message} with unprintable characters escaped (see {@link Printable}): a message
   * quotes text from data files and file names, which must not be able to send escape
   * sequences to the terminal.
   */
  static String printable(String message) {
    return Printable.of(String.valueOf(message));
  }
}
