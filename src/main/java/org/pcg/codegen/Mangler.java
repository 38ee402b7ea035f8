package org.pcg.codegen;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Turns model names into Java identifiers, one namespace at a time. Model names are
 * untrusted text ({@code h[3]}, {@code b1.W}, {@code h->out~1}); the result contains only
 * ASCII letters, digits and underscores, is never a keyword, and never repeats a name this
 * mangler gave out or was told to keep free.
 */
final class Mangler {

  private final Set<String> taken = new HashSet<>();

  /** A mangler whose names avoid {@code reserved} (names the generated code uses itself). */
  Mangler(Set<String> reserved) {
    taken.addAll(reserved);
  }

  /** A fresh identifier that reads like {@code modelName}. */
  String name(String modelName) {
    return unique(clean(modelName));
  }

  /** A fresh identifier {@code base}, or {@code base_2}, {@code base_3}, ... if taken. */
  String unique(String base) {
    String candidate = base;
    for (int k = 2; !taken.add(candidate); k++) {
      candidate = base + "_" + k;
    }
    return candidate;
  }

  /** Whether a name is taken. */
  boolean isTaken(String name) {
    return taken.contains(name);
  }

  /**
   * {@code text} as an identifier: every run of other characters becomes one underscore,
   * leading and trailing underscores go, a leading digit or an empty result gets a prefix,
   * and keywords get a trailing underscore.
   */
  static String clean(String text) {
    StringBuilder sb = new StringBuilder();
    boolean gap = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
      if (plain) {
        sb.append(gap && sb.length() > 0 ? "_" : "").append(c);
      }
      gap = !plain;
    }
    String s = trimUnderscores(sb.toString());
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      s = "v" + s;
    }
    return SourceVersion.isKeyword(s) ? s + "_" : s;
  }

  /** The class name for a model: its name in CamelCase, then the dtype suffix. */
  static String className(String modelName, String suffix) {
    StringBuilder sb = new StringBuilder();
    for (String part : clean(modelName).split("_")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    String s = sb.length() == 0 || Character.isDigit(sb.charAt(0)) ? "Model" + sb : sb.toString();
    return s + suffix;
  }

  /** {@code name} with its first letter in upper case, for method names like predictHidden. */
  static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String trimUnderscores(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '_') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '_') {
      to--;
    }
    return s.substring(from, to);
  }
}
