package org.pcg.syntax;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.pcg.ir.Graph;
import org.pcg.ir.Lowering;
import org.pcg.ir.Sha256;
import org.pcg.syntax.ast.ModelFile;

/**
 * The front end in one call: reads a model file, parses it and lowers it to a {@link Graph},
 * stopping after the first phase that finds errors.
 */
public final class Frontend {

  private Frontend() {}

  /**
   * The graph of a model file.
   *
   * @throws CompileException when the file cannot be read or has errors
   */
  public static Graph load(Path file) {
    return load(file, new Diagnostics());
  }

  /** As {@link #load(Path)}, collecting warnings in {@code diagnostics} for the caller. */
  public static Graph load(Path file, Diagnostics diagnostics) {
    return compile(file.toString(), read(file), diagnostics);
  }

  /** The graph of model text; {@code fileName} is what diagnostics call it. */
  public static Graph compile(String fileName, String text, Diagnostics diagnostics) {
    ModelFile ast = Parser.parse(fileName, text, diagnostics);
    diagnostics.throwIfErrors();
    Graph graph = Lowering.lower(ast, diagnostics);
    diagnostics.throwIfErrors();
    return graph.withOrigin(digest(fileName, text));
  }

  /**
   * SHA-256 of the file name (diagnostics and generated comments quote it) and the text, in
   * hex: what the lowered graph depends on besides pcg's own code.
   */
  static String digest(String fileName, String text) {
    MessageDigest sha = Sha256.digest();
    sha.update(fileName.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    return Sha256.hex(sha);
  }

  /** The text of a model file, which must exist and be UTF-8. */
  static String read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw fileError(file, "no such file");
    } catch (IOException | SecurityException e) {
      throw fileError(file, "cannot read the file: " + e.getMessage());
    }
    return decode(file, bytes);
  }

  private static String decode(Path file, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
      int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
      int column = before.length() - before.lastIndexOf('\n');
      SourceSpan at = new SourceSpan(file.toString(), line, column, 1);
      throw CompileException.of(at, "the file is not UTF-8 text: byte "
          + String.format("0x%02X", bytes[in.position()] & 0xFF) + " cannot start a character");
    }
    decoder.flush(out);
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static CompileException fileError(Path file, String message) {
    return CompileException.of(new SourceSpan(file.toString(), 1, 1, 1), message);
  }
}
