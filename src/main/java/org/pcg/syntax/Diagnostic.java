package org.pcg.syntax;

import java.util.List;

/**
 * One message about a model file. Printed as {@code file:line:col: error: message}, then the
 * offending source line and a caret under the marked text.
 */
public record Diagnostic(Severity severity, SourceSpan span, String message) {

  /** The most characters of a source line a diagnostic shows. */
  static final int EXCERPT = 100;

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
      int col = Math.max(1, Math.min(span.column(), text.length() + 1));
      int len = Math.max(1, Math.min(span.length(), text.length() + 1 - col));
      excerpt(sb, text, col, len);
    }
    return sb.toString();
  }

  /**
   * The source line and a caret under columns {@code col} to {@code col + len - 1}. A line
   * longer than {@link #EXCERPT} characters (a generated file may hold a whole model on one
   * line) is cut to that many around the caret, the cuts marked with "...".
   */
  private static void excerpt(StringBuilder sb, String text, int col, int len) {
    int from = 0;
    int to = text.length();
    if (to > EXCERPT) {
      from = Math.max(0, Math.min(col - 1 - EXCERPT / 2, to - EXCERPT));
      to = from + EXCERPT;
    }
    String before = from > 0 ? "..." : "";
    String after = to < text.length() ? "..." : "";
    int caret = col - from + before.length();
    int marked = Math.max(1, Math.min(len, to + 1 - col));
    sb.append('\n').append(before).append(text, from, to).append(after).append('\n');
    sb.append(" ".repeat(caret - 1)).append("^").append("~".repeat(marked - 1));
  }
}
