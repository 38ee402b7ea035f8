package org.pcg.syntax;

import java.util.List;

/**
 * One message about a model file. Printed as {@code file:line:col: error: message}, then the
 * offending source line and a caret under the marked text.
 */
public record Diagnostic(Severity severity, SourceSpan span, String message) {

  /** How bad a diagnostic is; only errors stop compilation. */
  public enum Severity {
    ERROR,
    WARNING;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static Diagnostic error(SourceSpan span, String message) {
    return new Diagnostic(Severity.ERROR, span, message);
  }

  public static Diagnostic warning(SourceSpan span, String message) {
    return new Diagnostic(Severity.WARNING, span, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The first line of the printed form, without the source excerpt. */
  public String headline() {
    return span + ": " + severity.word() + ": " + message;
  }

  /**
   * The full printed form: headline, source line and caret.
   *
   * @param sourceLines the lines of the model file, or an empty list when unavailable
   */
  public String format(List<String> sourceLines) {
    StringBuilder sb = new StringBuilder(headline());
    int line = span.line();
    if (line >= 1 && line <= sourceLines.size()) {
      String text = sourceLines.get(line - 1).replace('\t', ' ');
      sb.append('\n').append(text).append('\n');
      int col = Math.max(1, Math.min(span.column(), text.length() + 1));
      int len = Math.max(1, Math.min(span.length(), text.length() + 1 - col));
      sb.append(" ".repeat(col - 1)).append("^").append("~".repeat(len - 1));
    }
    return sb.toString();
  }
}
