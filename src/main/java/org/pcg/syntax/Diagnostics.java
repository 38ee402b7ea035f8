package org.pcg.syntax;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects the diagnostics of one compilation. Each phase reports everything it finds, then
 * the driver calls {@link #throwIfErrors()} so that later phases never see a broken input.
 */
public final class Diagnostics {

  private final List<Diagnostic> all = new ArrayList<>();

  public void error(SourceSpan span, String message) {
    all.add(Diagnostic.error(span, message));
  }

  public void warning(SourceSpan span, String message) {
    all.add(Diagnostic.warning(span, message));
  }

  public void add(Diagnostic d) {
    all.add(d);
  }

  public boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  public List<Diagnostic> all() {
    return Collections.unmodifiableList(all);
  }

  /** Ends the compilation with every diagnostic so far when any of them is an error. */
  public void throwIfErrors() {
    if (hasErrors()) {
      throw new CompileException(List.copyOf(all));
    }
  }
}
