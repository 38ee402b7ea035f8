package org.pcg.syntax;

/**
 * Text from user files, shown so that a terminal displays what was written. Control
 * characters, the line and paragraph separators and the bidirectional controls become
 * visible escapes, {@code \x1b} for ESC and a backslash, u and four hex digits for those
 * beyond Latin-1: a model file, a data file or a file name must not be able to move the
 * cursor, clear the screen, break a diagnostic's line or reorder its text. Backslashes are
 * kept as they are, so an escape and the same characters typed literally look alike; what
 * matters is that nothing reaches the terminal unseen.
 */
public final class Printable {

  private Printable() {}

  /** {@code text} with every character a terminal would not simply show escaped. */
  public static String of(String text) {
    if (text.codePoints().noneMatch(Printable::hidden)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(cp -> sb.append(visible(cp)));
    return sb.toString();
  }

  /** How one character is shown: itself, or an escape when it would not be seen. */
  public static String visible(int cp) {
    if (isControl(cp)) {
      return String.format("\\x%02x", cp);
    }
    if (hidden(cp)) {
      return String.format("\\u%04x", cp);
    }
    return Character.toString(cp);
  }

  private static boolean hidden(int cp) {
    return isControl(cp) || isBidiControl(cp) || cp == 0x2028 || cp == 0x2029
        || Character.getType(cp) == Character.SURROGATE;
  }

  /** C0 controls (ESC, NUL, tab, line ends), DEL and the C1 controls. */
  private static boolean isControl(int cp) {
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
  }

  /** Marks, embeddings, overrides and isolates, which reorder the text around them. */
  private static boolean isBidiControl(int cp) {
    return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e)
        || (cp >= 0x2066 && cp <= 0x2069);
  }
}
