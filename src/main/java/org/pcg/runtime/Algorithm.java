package org.pcg.runtime;

/** The learning rules a generated model can run; see docs/algorithms.md. */
public enum Algorithm {
  /** Backpropagation: forward pass, backward pass, parameter updates from deltas. */
  BP("bp"),
  /** Z-IL in its scheduled form: only the non-zero error frontier is computed at each step. */
  ZIL("zil"),
  /** Z-IL in its faithful form: every vertex runs predictive-coding dynamics at every step. */
  ZIL_FAITHFUL("zil-faithful"),
  /** Ordinary inference learning: T relaxation steps, then one update from the final errors. */
  IL("il");

  private final String flag;

  Algorithm(String flag) {
    this.flag = flag;
  }

  /** The spelling used on the command line and in model files. */
  public String flag() {
    return flag;
  }
}
