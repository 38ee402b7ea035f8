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

  /**
   * The first line of the printed form, without the source excerpt. The file name and the
   * message may quote the user's text, so control characters in them are shown escaped.
   */
  public String headline() {
    return Printable.of(span + ": " + severity.word() + ": " + message);
  }

  /**
   * The full printed form: headline, source line and caret. The source line is shown with
   * tabs as one space and unprintable characters escaped (see {@link Printable}); the caret
   * moves right by the extra width of each escape before it.
   *
   * @param sourceLines the lines of the model file, or an empty list when unavailable
   */
  public String format(List<String> sourceLines) {
    StringBuilder sb = new StringBuilder(headline());
    int line = span.line();
    if (line >= 1 && line <= sourceLines.size()) {
      List<String> cells = cells(sourceLines.get(line - 1));
      int col = Math.max(1, Math.min(span.column(), cells.size() + 1));
      int len = Math.max(1, Math.min(span.length(), cells.size() + 1 - col));
      excerpt(sb, cells, col, len);
    }
    return sb.toString();
  }

  /**
   * What each character of a source line shows as. Columns count characters (code points),
   * as the lexer does, so the caret finds its column among these cells.
   */
  private static List<String> cells(String text) {
    return text.codePoints().mapToObj(cp -> cp == '\t' ? " " : Printable.visible(cp)).toList();
  }

  /**
   * The source line and a caret under columns {@code col} to {@code col + len - 1}. A line
   * longer than {@link #EXCERPT} characters (a generated file may hold a whole model on one
   * line) is cut to that many around the caret, the cuts marked with "...".
   */
  private static void excerpt(StringBuilder sb, List<String> cells, int col, int len) {
    int from = 0;
    int to = cells.size();
    if (to > EXCERPT) {
      from = Math.max(0, Math.min(col - 1 - EXCERPT / 2, to - EXCERPT));
      to = from + EXCERPT;
    }
    String before = from > 0 ? "..." : "";
    String after = to < cells.size() ? "..." : "";
    int marked = Math.max(1, Math.min(len, to + 1 - col));
    int indent = before.length() + width(cells, from, col - 1);
    int under = Math.max(1, width(cells, col - 1, Math.min(col - 1 + marked, to)));
    sb.append('\n').append(before).append(String.join("", cells.subList(from, to)))
        .append(after).append('\n');
    sb.append(" ".repeat(indent)).append("^").append("~".repeat(under - 1));
  }

  /**
   * How many columns cells {@code from} (inclusive) to {@code to} take, one a character. East
   * Asian wide characters and emoji take two on most terminals; a caret after them lags.
   */
  private static int width(List<String> cells, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      String cell = cells.get(i);
      sum += cell.codePointCount(0, cell.length());
    }
    return sum;
  }
}
