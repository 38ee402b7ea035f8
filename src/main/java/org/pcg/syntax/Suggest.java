package org.pcg.syntax;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?": the known name closest to a misspelt one, by edit distance. */
public final class Suggest {

  private Suggest() {}

  /**
   * The candidate nearest to {@code name}, if it is close enough to be a likely typo: at most
   * one edit for names up to four characters, two for longer ones, fewer edits than the name
   * has characters (so 'x' is never "corrected" to 'h'), and never the name itself.
   * Ties go to the earliest candidate, so callers order candidates by preference.
   */
  public static Optional<String> nearest(String name, Collection<String> candidates) {
    int allowed = name.length() <= 4 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(name, c);
      if (d > 0 && d <= allowed && d < name.length() && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " (did you mean 'x'?)"} or the empty string. */
  public static String clause(String name, Collection<String> candidates) {
    return nearest(name, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
  }

  /** Levenshtein distance, with a swap of neighbours counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        d[i][j] = cell(a, b, d, i, j);
      }
    }
    return d[a.length()][b.length()];
  }

  private static int cell(String a, String b, int[][] d, int i, int j) {
    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
    int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
    boolean swapped = i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
        && a.charAt(i - 2) == b.charAt(j - 1);
    return swapped ? Math.min(best, d[i - 2][j - 2] + 1) : best;
  }
}
