package org.pcg.ir;

import java.util.Objects;
import org.pcg.syntax.SourceSpan;

/**
 * A learnable parameter: a leaf with no batch dimension. Layer expansion gives each
 * instance its own parameters ({@code block1.W}); a parameter read by several vertices
 * (an unrolled recurrence) is shared and receives one update per reading vertex.
 */
public record Param(String name, Shape shape, Init init, SourceSpan span) {

  public Param {
    Objects.requireNonNull(name);
    Objects.requireNonNull(shape);
    Objects.requireNonNull(init);
    Objects.requireNonNull(span);
  }
}
