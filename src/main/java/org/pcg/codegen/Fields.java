package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The array fields of a generated class: every buffer it allocates once, in its
 * constructor, for {@code capacity} samples. A field is found again by the key it was
 * registered under, so the forward and backward code of one op share its scratch buffers.
 */
final class Fields {

  /**
   * One array field.
   *
   * @param name its identifier, from the mangler
   * @param type the array type
   * @param perSample elements per sample (per copy, when unbatched)
   * @param batched whether it holds {@code capacity} samples
   * @param fill the value it starts with, or null for zeros
   */
  record Field(String name, TypeName type, int perSample, boolean batched, Double fill) {}

  private final Mangler mangler;
  private final Map<Object, Field> byKey = new LinkedHashMap<>();

  Fields(Mangler mangler) {
    this.mangler = mangler;
  }

  /** The field registered under {@code key}, creating it named after {@code name}. */
  Field get(Object key, String name, TypeName type, int perSample, boolean batched,
      Double fill) {
    return byKey.computeIfAbsent(key,
        k -> new Field(mangler.name(name), type, perSample, batched, fill));
  }

  /** The field registered under {@code key}; it must exist. */
  Field get(Object key) {
    Field f = byKey.get(key);
    if (f == null) {
      throw new IllegalStateException("no field for " + key);
    }
    return f;
  }

  List<Field> all() {
    return new ArrayList<>(byKey.values());
  }

  /** The declarations, in registration order. */
  List<FieldSpec> specs() {
    return byKey.values().stream()
        .map(f -> FieldSpec.builder(f.type(), f.name(), Modifier.PRIVATE).build())
        .toList();
  }

  /** The statement allocating {@code f} (and filling it, if it starts non-zero). */
  static CodeBlock allocation(Field f, String capacity, Numbers numbers) {
    CodeBlock size = f.batched()
        ? CodeBlock.of("$N * $L", capacity, f.perSample())
        : CodeBlock.of("$L", f.perSample());
    TypeName component = f.type().equals(numbers.arrayType()) ? numbers.type() : TypeName.INT;
    CodeBlock.Builder b = CodeBlock.builder()
        .addStatement("$N = new $T[$L]", f.name(), component, size);
    if (f.fill() != null && f.fill() != 0) {
      b.addStatement("$T.fill($N, $L)", java.util.Arrays.class, f.name(),
          numbers.lit(f.fill()));
    }
    return b.build();
  }
}
