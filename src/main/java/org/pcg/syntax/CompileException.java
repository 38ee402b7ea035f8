package org.pcg.syntax;

import java.util.List;

/**
 * A model file has errors. Carries every diagnostic of the phase that failed (and the
 * warnings before it); the command line prints them and exits with the model-error code.
 */
public final class CompileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public CompileException(List<Diagnostic> diagnostics) {
    super(diagnostics.isEmpty() ? "model has errors" : diagnostics.get(0).headline());
    this.diagnostics = List.copyOf(diagnostics);
  }

  public static CompileException of(SourceSpan span, String message) {
    return new CompileException(List.of(Diagnostic.error(span, message)));
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
