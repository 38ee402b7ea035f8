package org.pcg.ir;

import java.util.Map;
import java.util.Set;

/**
 * The optional {@code train { ... }} block of a model file: defaults that command-line flags
 * override. Keys are checked by the front end against {@link #KEYS}; values are kept as
 * written (numbers as Double, words as String).
 */
public record TrainingDefaults(Map<String, Object> values) {

  /** Every key a train block may set. */
  public static final Set<String> KEYS = Set.of("algorithm", "optimizer", "lr", "momentum",
      "batch", "epochs", "seed", "il_steps", "il_gamma", "dtype");

  public static final TrainingDefaults NONE = new TrainingDefaults(Map.of());

  public TrainingDefaults {
    values = Map.copyOf(values);
  }

  public String word(String key, String fallback) {
    Object v = values.get(key);
    return v instanceof String s ? s : fallback;
  }

  public double number(String key, double fallback) {
    Object v = values.get(key);
    return v instanceof Number n ? n.doubleValue() : fallback;
  }
}
