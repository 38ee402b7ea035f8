package org.pcg.ir;

/**
 * A named attribute an op accepts, such as {@code axis} of softmax or {@code stride} of
 * conv2d. Attributes are compile-time constants, never tensors.
 *
 * @param name the name used in a call, {@code stride=2}
 * @param type what values it takes
 * @param required whether every call must give it
 * @param defaultValue the value when an optional attribute is omitted; null means "absent"
 *     (the op then has a meaning for the attribute's absence, such as sum over all axes)
 */
public record AttrSpec(String name, Type type, boolean required, Object defaultValue) {

  /** Kinds of attribute values and their Java representation in {@link Attrs}. */
  public enum Type {
    /** An integer, stored as Integer. */
    INT,
    /** A list of integers, stored as int[]. */
    INTS,
    /** A real number, stored as Double. */
    FLOAT
  }

  public static AttrSpec required(String name, Type type) {
    return new AttrSpec(name, type, true, null);
  }

  public static AttrSpec optional(String name, Type type, Object defaultValue) {
    return new AttrSpec(name, type, false, defaultValue);
  }

  /** An optional attribute whose absence means something of its own. */
  public static AttrSpec maybe(String name, Type type) {
    return new AttrSpec(name, type, false, null);
  }
}
