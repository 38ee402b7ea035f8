package org.pcg.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pcg.syntax.Diagnostic;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.SourceSpan;

/**
 * Lowering's view of the diagnostics: one message per position, handed on in file order. A
 * mistake inside a loop body or a layer is met once per iteration or call, but the author
 * wrote it once; and statements are lowered in dependency order, not the order they are
 * written in.
 */
final class LoweringReport {

  private static final Comparator<Diagnostic> IN_FILE_ORDER =
      Comparator.comparingInt((Diagnostic d) -> d.span().line())
          .thenComparingInt(d -> d.span().column());

  private final Diagnostics diagnostics;
  private final List<Diagnostic> pending = new ArrayList<>();
  private final Set<SourceSpan> reported = new HashSet<>();
  private int errors;

  LoweringReport(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void error(SourceSpan at, String message) {
    if (reported.add(at)) {
      pending.add(Diagnostic.error(at, message));
      errors++;
    }
  }

  void warning(SourceSpan at, String message) {
    if (reported.add(at)) {
      pending.add(Diagnostic.warning(at, message));
    }
  }

  /** Errors reported by lowering so far. */
  int errors() {
    return errors;
  }

  /** Passes everything reported so far on to the compilation's diagnostics, in file order. */
  void flush() {
    pending.sort(IN_FILE_ORDER);
    pending.forEach(diagnostics::add);
    pending.clear();
  }

  /** {@code 3:12}, for messages that point elsewhere. */
  static String where(SourceSpan span) {
    return span.line() + ":" + span.column();
  }
}
