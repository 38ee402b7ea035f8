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
    add(Diagnostic.error(span, message));
  }

  public void warning(SourceSpan span, String message) {
    add(Diagnostic.warning(span, message));
  }

  /**
   * Adds {@code d} unless the same message at the same place is already here: code unrolled
   * from one loop body or one layer would otherwise repeat a diagnostic per instance.
   */
  public void add(Diagnostic d) {
    if (!all.contains(d)) {
      all.add(d);
    }
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
