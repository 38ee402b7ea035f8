package org.pcg.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a classification data set from a UTF-8 CSV file: one sample per line, one column of
 * integer labels, every other column a feature. Cells are separated by commas and may be
 * double-quoted (a doubled quote inside stands for one); blank lines are skipped. A cell that
 * is not a plain decimal number is an error naming its line and column: NaN, infinities,
 * hexadecimal and Java's {@code 1.0f} suffixes are all refused. A quoted cell cannot span
 * lines. A header line, when asked for, must not be numbers alone.
 */
public final class CsvReader {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final Path file;
  private final int labelColumn;
  private final int numClasses;
  private int width = -1;
  private int rows;
  private double[] features = new double[1024];
  private int[] labels = new int[64];

  private CsvReader(Path file, int labelColumn, int numClasses) {
    this.file = file;
    this.labelColumn = labelColumn;
    this.numClasses = numClasses;
  }

  /**
   * Loads {@code file}.
   *
   * @param labelColumn 0-based index of the label column
   * @param header whether the first non-blank line holds column names, to skip
   * @param numClasses labels must lie in {@code 0 .. numClasses - 1}
   */
  public static Dataset load(Path file, int labelColumn, boolean header, int numClasses) {
    if (labelColumn < 0 || numClasses < 1) {
      throw new IllegalArgumentException("label column " + labelColumn + " and " + numClasses
          + " classes: need a column >= 0 and at least one class");
    }
    CsvReader reader = new CsvReader(file, labelColumn, numClasses);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      reader.readAll(in, header);
    } catch (CharacterCodingException e) {
      throw DataException.in(file, "is not UTF-8 text");
    } catch (IOException e) {
      throw DataException.io(file, e);
    }
    return reader.toDataset();
  }

  private void readAll(BufferedReader in, boolean header) throws IOException {
    boolean skipHeader = header;
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = cells(line, lineNumber);
      checkWidth(cells.size(), lineNumber);
      if (skipHeader) {
        checkHeader(cells, lineNumber);
        skipHeader = false;
      } else {
        addRow(cells, lineNumber);
      }
    }
    if (rows == 0) {
      throw DataException.in(file, "holds no samples");
    }
  }

  private void checkWidth(int cells, int lineNumber) {
    if (width < 0) {
      width = cells;
      checkFirstWidth(lineNumber);
    } else if (cells != width) {
      throw DataException.in(file, "line " + lineNumber + " has " + cells
          + " cells, the first line has " + width);
    }
  }

  /**
   * A header of numbers alone is far more likely a first sample than column names: dropping
   * it would lose a sample without a word.
   */
  private void checkHeader(List<String> cells, int lineNumber) {
    if (cells.stream().allMatch(cell -> DECIMAL.matcher(cell.strip()).matches())) {
      String line = lineNumber == 1 ? "the first line"
          : "line " + lineNumber + " (the first that is not blank)";
      throw DataException.in(file, "--csv-header was given but " + line + " is numbers: it"
          + " would be dropped as a header");
    }
  }

  /** The label column is counted from 0 here, as the caller counted it, not from 1. */
  private void checkFirstWidth(int lineNumber) {
    if (width < 2) {
      throw DataException.in(file, "line " + lineNumber + " has " + width + " cell; need a"
          + " label and at least one feature");
    }
    if (labelColumn >= width) {
      throw DataException.in(file, "the label column is " + labelColumn + " but line "
          + lineNumber + " has " + width + " columns, numbered from 0 to " + (width - 1));
    }
  }

  private void addRow(List<String> cells, int lineNumber) {
    int featureCount = width - 1;
    if ((long) (rows + 1) * featureCount > Integer.MAX_VALUE - 8) {
      throw DataException.in(file, "too many values to hold in one array");
    }
    ensureRoom(featureCount);
    int at = rows * featureCount;
    for (int c = 0; c < width; c++) {
      if (c == labelColumn) {
        labels[rows] = label(cells.get(c), lineNumber, c);
      } else {
        features[at++] = number(cells.get(c), lineNumber, c);
      }
    }
    rows++;
  }

  private void ensureRoom(int featureCount) {
    if (rows == labels.length) {
      labels = Arrays.copyOf(labels, labels.length * 2);
    }
    int needed = (rows + 1) * featureCount;
    if (needed > features.length) {
      long grown = Math.max(needed, 2L * features.length);
      features = Arrays.copyOf(features, (int) Math.min(grown, Integer.MAX_VALUE - 8));
    }
  }

  private double number(String cell, int line, int column) {
    String text = cell.strip();
    if (!DECIMAL.matcher(text).matches()) {
      throw cellError(line, column, "'" + cell + "' is not a number");
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw cellError(line, column, "'" + cell + "' is too large");
    }
    return value;
  }

  private int label(String cell, int line, int column) {
    double value = number(cell, line, column);
    if (value != Math.rint(value)) {
      throw cellError(line, column, "label '" + cell + "' is not a whole number");
    }
    if (value < 0 || value >= numClasses) {
      throw cellError(line, column, "label " + cell.strip() + " is outside 0.."
          + (numClasses - 1));
    }
    return (int) value;
  }

  private DataException cellError(int line, int column, String what) {
    return DataException.in(file, "line " + line + ", column " + (column + 1) + ": " + what);
  }

  /** Splits one line at commas outside double quotes. */
  private List<String> cells(String line, int lineNumber) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    if (quoted) {
      throw DataException.in(file, "line " + lineNumber + ": a quoted cell is not closed");
    }
    cells.add(cell.toString());
    return cells;
  }

  private Dataset toDataset() {
    int featureCount = width - 1;
    return Dataset.owningDoubles(file.toString(), new int[] {featureCount},
        Arrays.copyOf(features, rows * featureCount), Arrays.copyOf(labels, rows), numClasses);
  }
}
