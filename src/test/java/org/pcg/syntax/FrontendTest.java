package org.pcg.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcg.ir.Graph;

/** Reading model files: what cannot be read is a diagnostic, not a Java exception. */
class FrontendTest {

  private static final String TINY =
      "model m {\n  input x : [2]\n  target y : [2]\n  out = tanh(x)\n  loss mse(out, y)\n}\n";

  /** Far deeper than the Java stack would take if each layer call recursed unchecked. */
  private static final int DEEP_LAYERS = 5000;

  @TempDir Path dir;

  @Test
  void missingFileIsADiagnostic() {
    Path missing = dir.resolve("nowhere.pcg");

    assertThatThrownBy(() -> Frontend.load(missing))
        .isInstanceOf(CompileException.class)
        .hasMessage(missing + ":1:1: error: no such file");
  }

  @Test
  void directoryIsADiagnostic() {
    assertThatThrownBy(() -> Frontend.load(dir))
        .isInstanceOf(CompileException.class)
        .hasMessageStartingWith(dir + ":1:1: error: cannot read the file");
  }

  @Test
  void byteOrderMarkAndWindowsLineEndingsAreAccepted() throws IOException {
    Path file = dir.resolve("windows.pcg");
    Files.writeString(file, "\uFEFF" + TINY.replace("\n", "\r\n"), StandardCharsets.UTF_8);

    Graph graph = Frontend.load(file);

    assertThat(graph.vertex("out").span().line()).isEqualTo(4);
  }

  @Test
  void oldMacLineEndsCountAsLines() throws IOException {
    Path file = dir.resolve("mac.pcg");
    Files.writeString(file, TINY.replace("\n", "\r"), StandardCharsets.UTF_8);

    Graph graph = Frontend.load(file);

    assertThat(graph.vertex("out").span().line()).isEqualTo(4);
  }

  @Test
  void aLongSourceLineIsCutAroundTheCaret() {
    String line = "x".repeat(300) + "BAD" + "y".repeat(300);
    Diagnostic d = Diagnostic.error(new SourceSpan("f.pcg", 1, 301, 3), "bad");

    String[] printed = d.format(java.util.List.of(line)).split("\n");

    assertThat(printed[1]).hasSize(Diagnostic.EXCERPT + 6).startsWith("...")
        .endsWith("...").contains("BAD");
    assertThat(printed[2].indexOf('^')).isEqualTo(printed[1].indexOf("BAD"));
    assertThat(printed[2]).endsWith("^~~");
  }

  @Test
  void controlCharactersInTheSourceLineAreEscapedAndTheCaretFollowsThem() {
    String line = "\t\u001b[2J\u0000 \u00e9 \u202e\u2028\u0085 = BAD";
    Diagnostic d = Diagnostic.error(new SourceSpan("f.pcg", 1, 16, 3), "bad");

    String[] printed = d.format(java.util.List.of(line)).split("\n");

    assertThat(printed).hasSize(3);
    assertThat(printed[1]).isEqualTo(
        " \\x1b[2J\\x00 \u00e9 \\u202e\\u2028\\x85 = BAD");
    assertThat(printed[2]).isEqualTo(" ".repeat(printed[1].indexOf("BAD")) + "^~~");
  }

  @Test
  void aCutLineOfEscapesKeepsTheCaretUnderItsText() {
    String line = "\u001b".repeat(300) + "BAD" + "\u202e".repeat(300);
    Diagnostic d = Diagnostic.error(new SourceSpan("f.pcg", 1, 301, 3), "bad");

    String[] printed = d.format(java.util.List.of(line)).split("\n");

    assertThat(printed[1]).startsWith("...\\x1b").endsWith("\\u202e...")
        .doesNotContain("\u001b").doesNotContain("\u202e");
    assertThat(printed[2]).isEqualTo(" ".repeat(printed[1].indexOf("BAD")) + "^~~");
  }

  @Test
  void fileNamesAndQuotedCharactersAreEscapedInTheHeadline() {
    String file = "evil\u001b]0;title\u0007\u2066.pcg";
    String text = TINY.replace("tanh(x)", "tanh(x) \u202e");

    assertThatThrownBy(() -> Frontend.compile(file, text, new Diagnostics()))
        .isInstanceOf(CompileException.class)
        .hasMessage("evil\\x1b]0;title\\x07\\u2066.pcg:4:17: error: unexpected character"
            + " '\\u202e'");
  }

  @Test
  void layersCallingLayersThousandsDeepAreOneClearError() {
    StringBuilder text = new StringBuilder();
    for (int k = 1; k < DEEP_LAYERS; k++) {
      text.append("layer l").append(k).append("(x) {\n  return l").append(k + 1)
          .append("(x)\n}\n");
    }
    text.append("layer l").append(DEEP_LAYERS).append("(x) {\n  return tanh(x)\n}\n")
        .append(TINY.replace("tanh(x)", "l1(x)"));

    Diagnostics diagnostics = new Diagnostics();

    assertThatThrownBy(() -> Frontend.compile("deep.pcg", text.toString(), diagnostics))
        .isInstanceOf(CompileException.class);
    assertThat(diagnostics.all()).singleElement().extracting(Diagnostic::headline)
        .isEqualTo("deep.pcg:191:10: error: layer calls nest more than 64 deep here ('l1' ->"
            + " ... -> 'l64' -> 'l65'): layers expand when compiled; call fewer layers from"
            + " inside layers");
  }

  @Test
  void warningsReachTheCallerWhenTheModelCompiles() throws IOException {
    Path file = dir.resolve("warn.pcg");
    Files.writeString(file, TINY.replace("  out", "  param unused : [3]\n  out"));
    Diagnostics diagnostics = new Diagnostics();

    Frontend.load(file, diagnostics);

    assertThat(diagnostics.all()).singleElement()
        .extracting(Diagnostic::headline)
        .isEqualTo(file + ":4:9: warning: parameter 'unused' is never used");
  }

  @Test
  void syntaxErrorsStopBeforeLowering() {
    Diagnostics diagnostics = new Diagnostics();
    String text = TINY.replace("tanh(x)", "tanh(x") + "\n";

    assertThatThrownBy(() -> Frontend.compile("t.pcg", text, diagnostics))
        .isInstanceOf(CompileException.class);
    assertThat(diagnostics.all()).singleElement()
        .extracting(Diagnostic::message)
        .isEqualTo("expected ')' to close the call of 'tanh' opened at 4:13");
  }
}
