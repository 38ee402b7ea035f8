package org.pcg.syntax;

/**
 * A place in a model file: 1-based line and column of the first character, and the length
 * of the marked text on that line (at least 1). Every AST node and IR vertex carries one so
 * that any later error can point at the model text that caused it.
 */
public record SourceSpan(String file, int line, int column, int length) {

  /** A span for things the compiler made itself (identity vertices inherit their edge's). */
  public static final SourceSpan NONE = new SourceSpan("<generated>", 0, 0, 1);

  public SourceSpan {
    length = Math.max(1, length);
  }

  /** {@code file:line:col}, the prefix of a diagnostic. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
