package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files written here: headers, quotes, blank lines and every kind of bad cell. */
class CsvReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsLabelsAndFeaturesWithAHeader() throws IOException {
    Path file = write("\uFEFFx1,\"label\",x2\r\n0.5,1,-2\r\n\r\n1e-3,0,+.25\r\n");
    Dataset data = CsvReader.load(file, 1, true, 2);

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.sampleShape()).containsExactly(2);
    assertThat(data.label(0)).isEqualTo(1);
    assertThat(data.label(1)).isEqualTo(0);
    assertThat(data.feature(0, 0)).isEqualTo(0.5);
    assertThat(data.feature(0, 1)).isEqualTo(-2.0);
    assertThat(data.feature(1, 0)).isEqualTo(1e-3);
    assertThat(data.feature(1, 1)).isEqualTo(0.25);
  }

  @Test
  void readsWithoutAHeaderAndWithQuotedCells() throws IOException {
    Path file = write("\"2\", \"3.5\" \n2.0,4\n");
    Dataset data = CsvReader.load(file, 0, false, 3);
    assertThat(data.size()).isEqualTo(2);
    assertThat(data.label(1)).isEqualTo(2);
    assertThat(data.feature(0, 0)).isEqualTo(3.5);
  }

  @Test
  void growsPastItsInitialBuffers() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      text.append(i % 7).append(',').append(i).append(',').append(-i).append('\n');
    }
    Dataset data = CsvReader.load(write(text.toString()), 0, false, 7);
    assertThat(data.size()).isEqualTo(500);
    assertThat(data.label(499)).isEqualTo(499 % 7);
    assertThat(data.feature(499, 1)).isEqualTo(-499.0);
  }

  @Test
  void badCellsNameTheirLineAndColumn() throws IOException {
    assertBad("1,2\n0,abc\n", 2, "line 2, column 2: 'abc' is not a number");
    assertBad("1,2\n0,NaN\n", 2, "line 2, column 2: 'NaN' is not a number");
    assertBad("1,2\n0,1.5f\n", 2, "line 2, column 2: '1.5f' is not a number");
    assertBad("1,2\n0,\n", 2, "line 2, column 2: '' is not a number");
    assertBad("1,2\n0,1e999\n", 2, "line 2, column 2: '1e999' is too large");
    assertBad("1.5,2\n", 2, "line 1, column 1: label '1.5' is not a whole number");
    assertBad("1,2\n7,2\n", 2, "line 2, column 1: label 7 is outside 0..1");
    assertBad("-1,2\n", 2, "line 1, column 1: label -1 is outside 0..1");
  }

  @Test
  void raggedAndMalformedFilesAreRefused() throws IOException {
    assertBad("1,2,3\n0,1\n", 2, "line 2 has 2 cells, the first line has 3");
    assertBad("1,\"2\n", 2, "line 1: a quoted cell is not closed");
    assertBad("1\n", 2, "line 1 has 1 cell; need a label and at least one feature");
    assertBad("\n\n", 2, "holds no samples");
  }

  @Test
  void aLabelColumnPastTheLastIsCountedFromZero() throws IOException {
    Path file = write("0,1,2\n");
    assertThatThrownBy(() -> CsvReader.load(file, 3, false, 2))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": the label column is 3 but line 1 has 3 columns, numbered from 0"
            + " to 2");
  }

  @Test
  void aHeaderOfNumbersIsRefusedRatherThanDropped() throws IOException {
    Path file = write("\n\"1\", 0.5,-2e3\n0,1,2\n");
    assertThatThrownBy(() -> CsvReader.load(file, 0, true, 2))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": --csv-header was given but line 2 (the first that is not"
            + " blank) is numbers: it would be dropped as a header");
    assertThat(CsvReader.load(write("label,1,2\n0,1,2\n"), 0, true, 2).size())
        .as("a header with some numeric names").isEqualTo(1);
  }

  @Test
  void notUtf8IsRefused() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, new byte[] {'1', ',', (byte) 0xe9, '\n'});
    assertThatThrownBy(() -> CsvReader.load(file, 0, false, 2))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": is not UTF-8 text");
  }

  private void assertBad(String text, int classes, String message) throws IOException {
    Path file = write(text);
    assertThatThrownBy(() -> CsvReader.load(file, 0, false, classes))
        .isInstanceOf(DataException.class)
        .hasMessage(file + ": " + message);
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "data", ".csv");
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
