package org.pcg.ir;

import org.pcg.syntax.SourceSpan;

/**
 * The loss statement: which vertex is the output, which target it is compared with, and how
 * the batch is reduced. BP and every PC algorithm use the same loss and reduction, so the
 * output error is {@code e_o = -dL/dmu_o} everywhere.
 */
public record Loss(Kind kind, String output, String target, boolean mean, SourceSpan span) {

  /** The losses a model file can name. */
  public enum Kind {
    /** 1/2 |t - y|^2 per sample. */
    MSE("mse"),
    /** Softmax cross-entropy on logits, with a stable log-sum-exp inside. */
    CROSS_ENTROPY("cross_entropy"),
    /** Binary cross-entropy on logits (a sigmoid inside), stable for large logits. */
    BCE("bce");

    private final String spelling;

    Kind(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }

    /** The kind spelled {@code name} in a model file, or null. */
    public static Kind fromSpelling(String name) {
      for (Kind k : values()) {
        if (k.spelling.equals(name)) {
          return k;
        }
      }
      return null;
    }
  }
}
