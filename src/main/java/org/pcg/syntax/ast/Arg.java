package org.pcg.syntax.ast;

import java.util.Optional;
import org.pcg.syntax.SourceSpan;

/**
 * One argument of a call, positional ({@code x}) or named ({@code axis=-1}).
 *
 * @param span the argument name when named, else the value's own span
 */
public record Arg(Optional<Ident> name, Expr value, SourceSpan span) {

  public boolean isNamed() {
    return name.isPresent();
  }
}
