package org.pcg.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a .npy array: a Python dict literal such as
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}. Parses exactly the
 * literals NumPy writes there (strings, True/False, tuples of integers) and nothing else.
 */
final class NpyHeader {

  final String descr;
  final boolean fortranOrder;
  final int[] shape;

  private final Object where;
  private final String text;
  private int pos;

  private NpyHeader(Object where, String text) {
    this.where = where;
    this.text = text;
    Map<String, Object> dict = dict();
    this.descr = field(dict, "descr", String.class);
    this.fortranOrder = field(dict, "fortran_order", Boolean.class);
    this.shape = field(dict, "shape", int[].class);
  }

  /** Parses a header; {@code where} names the array in error messages. */
  static NpyHeader parse(Object where, String text) {
    return new NpyHeader(where, text);
  }

  /** The header NumPy would write for an array, without its padding. */
  static String format(String descr, int[] shape) {
    StringBuilder tuple = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      tuple.append(i > 0 ? ", " : "").append(shape[i]);
    }
    tuple.append(shape.length == 1 ? ",)" : ")");
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }";
  }

  private <T> T field(Map<String, Object> dict, String key, Class<T> type) {
    Object value = dict.get(key);
    if (!type.isInstance(value)) {
      throw error("the header has no valid '" + key + "' entry");
    }
    return type.cast(value);
  }

  private Map<String, Object> dict() {
    Map<String, Object> dict = new HashMap<>();
    expect('{');
    while (peek() != '}') {
      String key = string();
      expect(':');
      dict.put(key, value());
      if (peek() != '}') {
        expect(',');
      }
    }
    expect('}');
    if (!text.substring(pos).isBlank()) {
      throw error("unexpected text after the header dict");
    }
    return dict;
  }

  private Object value() {
    char c = peek();
    if (c == '\'' || c == '"') {
      return string();
    }
    if (c == '(') {
      return tuple();
    }
    if (text.startsWith("True", pos) || text.startsWith("False", pos)) {
      boolean value = text.startsWith("True", pos);
      pos += value ? 4 : 5;
      return value;
    }
    throw error("unsupported value at column " + (pos + 1)
        + " (structured and object dtypes are not supported)");
  }

  private String string() {
    char quote = peek();
    if (quote != '\'' && quote != '"') {
      throw error("expected a quoted string at column " + (pos + 1));
    }
    int end = text.indexOf(quote, pos + 1);
    if (end < 0) {
      throw error("a string is not closed");
    }
    String s = text.substring(pos + 1, end);
    pos = end + 1;
    return s;
  }

  private int[] tuple() {
    expect('(');
    List<Integer> dims = new ArrayList<>();
    while (peek() != ')') {
      dims.add(integer());
      if (peek() != ')') {
        expect(',');
      }
    }
    expect(')');
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  private int integer() {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    try {
      return Integer.parseInt(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("expected a dimension (a non-negative int) at column " + (start + 1));
    }
  }

  /** The next non-blank character, which stays unread. */
  private char peek() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    if (pos == text.length()) {
      throw error("the header ends early");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "' at column " + (pos + 1) + " of the header");
    }
    pos++;
  }

  private DataException error(String what) {
    return DataException.in(where, "bad .npy header: " + what + " in " + text.strip());
  }
}
