package org.pcg.syntax.ast;

import org.pcg.syntax.SourceSpan;

/** A name as the author wrote it, with where it was written. */
public record Ident(String text, SourceSpan span) {

  @Override
  public String toString() {
    return text;
  }
}
