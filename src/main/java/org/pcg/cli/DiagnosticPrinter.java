package org.pcg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static List<String> read(String file) {
    try {
      return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
