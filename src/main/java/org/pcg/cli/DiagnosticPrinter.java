package org.pcg.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pcg.syntax.Diagnostic;

/** Prints diagnostics with their source lines, reading each model file once. */
final class DiagnosticPrinter {

  private DiagnosticPrinter() {}

  static void print(List<Diagnostic> diagnostics, PrintWriter err) {
    Map<String, List<String>> sources = new HashMap<>();
    for (Diagnostic d : diagnostics) {
      List<String> lines = sources.computeIfAbsent(d.span().file(), DiagnosticPrinter::read);
      err.println(d.format(lines));
    }
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    if (errors > 0) {
      err.println(errors + (errors == 1 ? " error" : " errors"));
    }
  }

  /** The lines of a model file, without the byte order mark the front end skips too. */
  private static List<String> read(String file) {
    try {
      List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(file), UTF_8));
      if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
        lines.set(0, lines.get(0).substring(1));
      }
      return lines;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
