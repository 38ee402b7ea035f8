package org.pcg.ir;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attribute values of one op application, defaults filled in. Values are Integer, int[]
 * or Double as {@link AttrSpec.Type} says; lowering checks types before building one.
 */
public final class Attrs {

  public static final Attrs NONE = new Attrs(Map.of());

  private final Map<String, Object> values;

  private Attrs(Map<String, Object> values) {
    this.values = values;
  }

  /** Attributes from explicit values, with the op's defaults for those not given. */
  public static Attrs of(Op op, Map<String, Object> given) {
    Map<String, Object> all = new LinkedHashMap<>();
    for (AttrSpec spec : op.attributes()) {
      Object v = given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue();
      if (v == null && spec.required()) {
        throw new IllegalArgumentException(op.name() + " needs attribute " + spec.name());
      }
      if (v != null) {
        all.put(spec.name(), v instanceof int[] a ? a.clone() : v);
      }
    }
    return new Attrs(Collections.unmodifiableMap(all));
  }

  public int getInt(String name) {
    return (Integer) get(name);
  }

  public int[] getInts(String name) {
    return ((int[]) get(name)).clone();
  }

  public double getFloat(String name) {
    return ((Number) get(name)).doubleValue();
  }

  /** Whether an optional attribute without a default was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Map<String, Object> asMap() {
    return values;
  }

  private Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no attribute " + name);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attrs other) || !other.values.keySet().equals(values.keySet())) {
      return false;
    }
    return values.keySet().stream()
        .allMatch(k -> Arrays.deepEquals(new Object[] {values.get(k)},
            new Object[] {other.values.get(k)}));
  }

  @Override
  public int hashCode() {
    return values.keySet().hashCode();
  }

  /** Prints as in a model file: {@code axis=-1, stride=2}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(k).append('=').append(v instanceof int[] a ? Arrays.toString(a) : v);
    });
    return sb.toString();
  }
}
