package org.pcg.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pcg.ir.AttrSpec;
import org.pcg.ir.Op;
import org.pcg.ir.OpCatalog;

/**
 * Feeds the front end broken text: mutated samples (tokens deleted, duplicated, swapped or
 * replaced, stray characters, lines dropped), random token streams, and calls of every op
 * with random shapes and attributes. Whatever the input,
 * the front end must return a graph or throw a {@link CompileException} whose diagnostics
 * all point into the file; any other exception is a bug.
 */
class FrontendFuzzTest {

  private static final long SEED = 20_261_203L;
  private static final int MUTANTS = 7_000;
  private static final int STREAMS = 4_000;
  private static final int OP_CALLS = 3_000;
  private static final int MAX_RANK = 4;
  private static final int MAX_DIM = 6;
  private static final int MAX_MUTATIONS = 3;
  private static final int MAX_STREAM_TOKENS = 60;

  private static final Pattern PIECE = Pattern.compile(
      "[A-Za-z_][A-Za-z_0-9]*|\\d+(\\.\\d+)?([eE][+-]?\\d+)?|\\.\\.|//[^\\n]*|\\s+|.");

  private static final List<String> VOCABULARY = List.of(
      "model", "layer", "input", "target", "param", "init", "loss", "train", "for", "in",
      "return", "{", "}", "(", ")", "[", "]", ",", ":", ";", "..", "=", "+", "-", "*", "/",
      "@", "x", "h", "t", "W", "b", "image", "label", "logits", "relu", "tanh", "softmax",
      "conv2d", "reshape", "zeros", "ones", "mse", "cross_entropy", "he", "uniform", "axis",
      "int", "0", "1", "2", "28", "784", "-1", "0.5", "1e-3", ".5", "\n", " ", "// note\n");

  /** Text that is wrong at the level of characters; rarer, or it would hide everything else. */
  private static final List<String> JUNK = List.of(
      "1e999", "1e-999", "2e", "/*", "*/", "$", ".", "\"", "#", "\u00e9", "\t", "\u0000");
  private static final double JUNK_RATE = 0.03;

  @Test
  void everyInputGetsAGraphOrPositionedDiagnostics() throws IOException {
    Random random = new Random(SEED);
    List<String> samples = samples();

    for (int i = 0; i < MUTANTS; i++) {
      String sample = samples.get(random.nextInt(samples.size()));
      check(mutate(sample, random));
    }
    for (int i = 0; i < STREAMS; i++) {
      check(stream(random));
    }
  }

  /** Calls of every catalogue op with random shapes, argument counts and attributes. */
  @Test
  void everyOpCallGetsAGraphOrPositionedDiagnostics() {
    Random random = new Random(SEED);
    List<Op> ops = OpCatalog.all();

    for (int i = 0; i < OP_CALLS; i++) {
      check(opCall(ops.get(random.nextInt(ops.size())), random));
    }
  }

  private static String opCall(Op op, Random random) {
    StringBuilder call = new StringBuilder(op.name()).append("(x");
    int extraTensors = random.nextInt(3);
    for (int i = 0; i < extraTensors; i++) {
      call.append(", P").append(i);
    }
    for (AttrSpec a : op.attributes()) {
      if (random.nextBoolean()) {
        call.append(", ").append(a.name()).append('=').append(attribute(a, random));
      }
    }
    StringBuilder text = new StringBuilder("model m {\n  input x : ").append(shape(random))
        .append("\n  target y : ").append(shape(random)).append('\n');
    for (int i = 0; i < extraTensors; i++) {
      text.append("  param P").append(i).append(" : ").append(shape(random)).append('\n');
    }
    return text.append("  out = ").append(call).append(")\n  loss mse(out, y)\n}\n")
        .toString();
  }

  private static String attribute(AttrSpec a, Random random) {
    switch (a.type()) {
      case INTS:
        List<String> items = new ArrayList<>();
        int n = random.nextInt(MAX_RANK + 1);
        for (int i = 0; i < n; i++) {
          items.add(String.valueOf(random.nextInt(MAX_DIM + 3) - 2));
        }
        return "[" + String.join(", ", items) + "]";
      case FLOAT:
        return String.valueOf(random.nextGaussian());
      default:
        return String.valueOf(random.nextInt(MAX_DIM + 3) - 3);
    }
  }

  private static String shape(Random random) {
    List<String> dims = new ArrayList<>();
    int rank = random.nextInt(MAX_RANK + 1);
    for (int i = 0; i < rank; i++) {
      dims.add(String.valueOf(1 + random.nextInt(MAX_DIM)));
    }
    return "[" + String.join(", ", dims) + "]";
  }

  private static void check(String text) {
    List<String> lines = text.lines().toList();
    try {
      assertThat(Frontend.compile("fuzz.pcg", text, new Diagnostics())).isNotNull();
    } catch (CompileException e) {
      assertThat(e.diagnostics()).as("diagnostics for:%n%s", text).isNotEmpty();
      for (Diagnostic d : e.diagnostics()) {
        assertThat(d.span().line()).as("line of %s in:%n%s", d.headline(), text)
            .isBetween(1, lines.size() + 1);
        assertThat(d.span().column()).as("column of %s in:%n%s", d.headline(), text)
            .isGreaterThanOrEqualTo(1);
        assertThat(d.format(lines)).startsWith(d.headline());
      }
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("the front end failed on:\n" + text, e);
    }
  }

  private static String mutate(String sample, Random random) {
    List<String> pieces = pieces(sample);
    int mutations = 1 + random.nextInt(MAX_MUTATIONS);
    for (int m = 0; m < mutations && !pieces.isEmpty(); m++) {
      mutateOnce(pieces, random);
    }
    return String.join("", pieces);
  }

  private static void mutateOnce(List<String> pieces, Random random) {
    int i = random.nextInt(pieces.size());
    switch (random.nextInt(6)) {
      case 0 -> pieces.remove(i);
      case 1 -> pieces.add(i, pieces.get(i));
      case 2 -> swap(pieces, i, random.nextInt(pieces.size()));
      case 3 -> pieces.set(i, token(random));
      case 4 -> pieces.add(i, String.valueOf((char) (random.nextInt(0x250))));
      default -> dropLine(pieces, i);
    }
  }

  private static void swap(List<String> pieces, int i, int j) {
    String a = pieces.get(i);
    pieces.set(i, pieces.get(j));
    pieces.set(j, a);
  }

  /** Removes the pieces from the newline before {@code i} to the one after it. */
  private static void dropLine(List<String> pieces, int i) {
    int from = i;
    while (from > 0 && !pieces.get(from - 1).contains("\n")) {
      from--;
    }
    int to = i;
    while (to < pieces.size() && !pieces.get(to).contains("\n")) {
      to++;
    }
    pieces.subList(from, Math.min(to, pieces.size())).clear();
  }

  private static String stream(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(MAX_STREAM_TOKENS);
    for (int i = 0; i < n; i++) {
      sb.append(token(random)).append(' ');
    }
    return sb.toString();
  }

  private static String token(Random random) {
    List<String> from = random.nextDouble() < JUNK_RATE ? JUNK : VOCABULARY;
    return from.get(random.nextInt(from.size()));
  }

  private static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher m = PIECE.matcher(text);
    while (m.find()) {
      pieces.add(m.group());
    }
    return pieces;
  }

  private static List<String> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("samples"))) {
      List<String> texts = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".pcg")).sorted().toList()) {
        texts.add(Files.readString(p));
      }
      return texts;
    }
  }
}
