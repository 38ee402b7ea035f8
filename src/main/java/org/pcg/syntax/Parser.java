package org.pcg.syntax;

import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.pcg.syntax.ast.ModelFile;

/**
 * The first phase of the compiler: model text to {@link ModelFile}. Lexes, checks tokens,
 * parses with ANTLR (its console listeners replaced by {@link SyntaxErrorStrategy}) and
 * builds the immutable AST. ANTLR types never leave this package.
 */
public final class Parser {

  private Parser() {}

  /**
   * Parses one model file, adding every syntax error to {@code diagnostics}. When there were
   * errors the returned file is empty; callers check {@link Diagnostics#hasErrors()} (or
   * call {@link Diagnostics#throwIfErrors()}) before going on.
   */
  public static ModelFile parse(String fileName, String text, Diagnostics diagnostics) {
    long errorsBefore = errorCount(diagnostics);
    // ANTLR counts lines by '\n' alone; a file with old Mac line ends ('\r' alone) would be
    // one line to it but several to an editor and to the diagnostic printer.
    String lines = text.replaceAll("\r(?!\n)", "\n");
    PcgLexer lexer = new PcgLexer(CharStreams.fromString(lines, fileName));
    // The grammar's last rule matches any character, so the lexer itself never fails.
    lexer.removeErrorListeners();
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    tokens.fill();
    if (!new TokenChecks(fileName, diagnostics).check(tokens.getTokens())) {
      return empty(fileName);
    }

    PcgParser parser = new PcgParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(new SyntaxErrorStrategy(fileName, diagnostics));
    PcgParser.FileContext tree = parser.file();
    if (errorCount(diagnostics) > errorsBefore) {
      return empty(fileName);
    }
    return new AstBuilder(fileName, diagnostics).file(tree);
  }

  private static ModelFile empty(String fileName) {
    return new ModelFile(fileName, List.of(), List.of());
  }

  private static long errorCount(Diagnostics diagnostics) {
    return diagnostics.all().stream().filter(Diagnostic::isError).count();
  }
}
