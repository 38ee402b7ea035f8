package org.pcg.ir;

import java.util.HashSet;
import java.util.Set;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.SourceSpan;

/**
 * Lowering's view of the diagnostics: one message per position. A mistake inside a loop body
 * or a layer is met once per iteration or call, but the author wrote it once.
 */
final class LoweringReport {

  private final Diagnostics diagnostics;
  private final Set<SourceSpan> reported = new HashSet<>();
  private int errors;

  LoweringReport(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void error(SourceSpan at, String message) {
    if (reported.add(at)) {
      diagnostics.error(at, message);
      errors++;
    }
  }

  void warning(SourceSpan at, String message) {
    if (reported.add(at)) {
      diagnostics.warning(at, message);
    }
  }

  /** Errors reported by lowering so far. */
  int errors() {
    return errors;
  }

  /** {@code 3:12}, for messages that point elsewhere. */
  static String where(SourceSpan span) {
    return span.line() + ":" + span.column();
  }
}
