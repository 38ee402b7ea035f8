package org.pcg.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows of cells as left-aligned columns two spaces apart. */
final class Table {

  private Table() {}

  static void print(PrintWriter out, List<String[]> rows) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        line.append(row[c]).append(" ".repeat(widths[c] - row[c].length() + 2));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
