package org.pcg.robustness;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Java source into its code and its comments and string literals, so that a test can
 * ask what text reached the code itself. Handles line and block comments, string and char
 * literals with escapes; generated code uses no text blocks.
 */
final class JavaText {

  /** The source with every comment and literal replaced by a space. */
  final String code;
  /** The comments, each with its delimiters. */
  final List<String> comments = new ArrayList<>();
  /** The string and char literals, each with its quotes, as written. */
  final List<String> literals = new ArrayList<>();

  private JavaText(String source) {
    StringBuilder codeText = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      int end = endOfPiece(source, i);
      if (end == i + 1) {
        codeText.append(source.charAt(i));
      } else {
        String piece = source.substring(i, end);
        (piece.startsWith("/") ? comments : literals).add(piece);
        codeText.append(' ');
      }
      i = end;
    }
    this.code = codeText.toString();
  }

  static JavaText of(String source) {
    return new JavaText(source);
  }

  /** The end of the comment or literal starting at {@code i}, or i + 1 for code. */
  private static int endOfPiece(String s, int i) {
    if (s.startsWith("//", i)) {
      int nl = s.indexOf('\n', i);
      return nl < 0 ? s.length() : nl;
    }
    if (s.startsWith("/*", i)) {
      int close = s.indexOf("*/", i + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed comment at " + i);
      }
      return close + 2;
    }
    char c = s.charAt(i);
    if (c == '"' || c == '\'') {
      return endOfLiteral(s, i, c);
    }
    return i + 1;
  }

  private static int endOfLiteral(String s, int start, char quote) {
    for (int j = start + 1; j < s.length(); j++) {
      char c = s.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == quote) {
        return j + 1;
      } else if (c == '\n') {
        throw new IllegalArgumentException("line break inside a literal at " + start);
      }
    }
    throw new IllegalArgumentException("unclosed literal at " + start);
  }

  /** The text a string literal stands for: its escapes decoded. */
  static String decode(String literal) {
    StringBuilder sb = new StringBuilder();
    for (int j = 1; j < literal.length() - 1; j++) {
      char c = literal.charAt(j);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = literal.charAt(++j);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case '0' -> sb.append('\0');
        case 'u' -> {
          sb.append((char) Integer.parseInt(literal.substring(j + 1, j + 5), 16));
          j += 4;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }
}
