package org.pcg.syntax.ast;

import java.util.List;
import org.pcg.syntax.SourceSpan;

/**
 * {@code layer name(params) { ... }}: a reusable group of statements, expanded with fresh
 * parameters at every call.
 */
public record LayerDef(Ident name, List<Param> params, List<Stmt> body, SourceSpan span) {

  public LayerDef {
    params = List.copyOf(params);
    body = List.copyOf(body);
  }

  /** A layer parameter: a tensor ({@code x}) or a whole number ({@code out: int}). */
  public record Param(Ident name, Kind kind) {}

  /** What a layer parameter receives. */
  public enum Kind {
    TENSOR,
    INT
  }
}
