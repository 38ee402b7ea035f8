package org.pcg.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pcg.codegen.ModelCompiler;
import org.pcg.ir.Graph;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.DType;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.SyntheticBatch;
import org.pcg.syntax.CompileException;
import org.pcg.syntax.Diagnostic;
import org.pcg.syntax.Diagnostics;
import org.pcg.syntax.Frontend;

/**
 * Model files that try to break out into the generated Java: Java keywords and the generated
 * code's own names as model names, file names with comment terminators, quotes and unicode
 * escapes, over-long names, numbers that do not fit. Each is rejected with a positioned
 * diagnostic, or compiled with its text renamed or kept inside string literals and
 * comments, never in the code itself.
 */
class InjectionTest {

  /** Every Java keyword and literal pcg's grammar lets through as a name. */
  private static final List<String> JAVA_WORDS = List.of("abstract", "assert", "boolean",
      "break", "byte", "case", "catch", "char", "class", "const", "continue", "default", "do",
      "double", "else", "enum", "extends", "final", "finally", "float", "goto", "if",
      "implements", "import", "instanceof", "int", "interface", "long", "native", "new",
      "package", "private", "protected", "public", "short", "static", "strictfp", "super",
      "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
      "volatile", "while", "true", "false", "null", "_", "var", "yield", "record", "sealed",
      "permits", "module", "exports", "requires");

  /**
   * Names generated code uses itself, for fields, locals, parameters, methods and types: a
   * model name equal to one must not capture or shadow it.
   */
  private static final List<String> GENERATED_WORDS = List.of("n", "s", "i", "j", "k", "e",
      "x", "mu", "err", "fb", "learn", "learning", "scale", "diff", "energy", "energyNow",
      "count", "std", "gamma", "dst", "src", "batch", "inputs", "algo", "options", "seed",
      "capacity", "params", "updates", "noise", "INFO", "MAX_LEVEL", "LEARN_ALL", "Math",
      "System", "Arrays", "Kernels", "String", "Object", "Double", "Float", "forward",
      "forwardAll", "backpropagate", "info", "output", "copyIn", "copyOut", "sum", "max",
      "row", "col", "value", "out", "ParamInit", "Init", "List", "Random", "Optimizer",
      "ModelInfo", "TensorSpec", "CompiledModel", "Override", "Algorithm", "PcOptions",
      "DType", "java", "org", "com", "lang", "util", "relax", "error", "trace", "slot",
      "InjF64", "v_2", "allocate", "initParams", "lossAndError", "sendErrors", "withEnergy",
      "awake", "start", "moved", "plainError", "plainRelax", "predictAndErrorsIl",
      "sendAndRelaxIl");

  /** Java keywords generated code never uses: as whole words they may not appear in it. */
  private static final List<String> UNUSED_KEYWORDS = List.of("goto", "const", "strictfp",
      "assert", "enum", "transient", "volatile", "native", "synchronized", "interface",
      "abstract", "instanceof", "super", "extends", "catch", "finally", "try",
      "while", "do", "continue", "break", "protected", "char", "byte", "short");

  private static final int BATCH = 3;
  private static final long SEED = 11;

  @Test
  void javaWordsAsModelNamesAreRenamedAndChangeNothing() {
    List<String> words = new ArrayList<>(JAVA_WORDS);
    words.addAll(GENERATED_WORDS);
    // Each word once as a parameter and once as a vertex, in two models.
    int half = words.size() / 2;
    List<String> first = words.subList(0, half);
    List<String> second = words.subList(half, words.size());
    for (List<List<String>> roles : List.of(List.of(first, second), List.of(second, first))) {
      List<String> params = roles.get(0);
      List<String> vertices = roles.get(1);
      int length = Math.min(params.size(), vertices.size());
      String hostile = chain("Inj", "data", params::get, vertices::get, length);
      String plain = chain("Inj", "data", k -> "p" + k, k -> "v" + k, length);

      ModelCompiler.Factory factory = compile("hostile.pcg", hostile);
      JavaText java = JavaText.of(factory.source().code());
      for (String keyword : UNUSED_KEYWORDS) {
        assertThat(Pattern.compile("\\b" + keyword + "\\b").matcher(java.code).find())
            .as("keyword %s in the code", keyword).isFalse();
      }
      assertSameLearning(factory.create(BATCH, SEED),
          compile("plain.pcg", plain).create(BATCH, SEED));
      assertThat(factory.create(1, SEED).info().params().get(0).name()).isEqualTo(params.get(0));
    }
  }

  @Test
  void javaWordsAsModelAndInputNamesCompile() {
    for (String word : List.of("class", "int", "Math", "n", "_", "null", "String")) {
      String text = chain(word, word, k -> "W" + k, k -> "h" + k, 2);
      ModelCompiler.Factory factory = compile(word + ".pcg", text);
      assertThat(factory.create(1, SEED).info().name()).isEqualTo(word);
      assertThat(factory.create(1, SEED).info().inputs().get(0).name()).isEqualTo(word);
    }
  }

  @Test
  void hostileFileNamesStayInsideLiteralsAndComments() {
    List<String> files = List.of("evil*/ class X {} /*.pcg", "line\nbreak\r.pcg",
        "esc\\u000a\\u002a\\u002f.pcg", "quote\"';.pcg", "nul\u0000bell\u0007.pcg",
        "\u00e9t\u00e9 \u00a0 \ud83d\ude00.pcg", "line\u2028para\u2029sep.pcg", "$dollar$.pcg",
        "/*/*.pcg");
    for (String file : files) {
      ModelCompiler.Factory factory = compile(file, chain("m", "x", k -> "W", k -> "h", 1));
      String source = factory.source().code();
      JavaText java = JavaText.of(source);

      assertThat(java.code).as(file).doesNotContain("\\").doesNotContain("X {}")
          .doesNotContain("\"").doesNotContain("dollar");
      assertThat(String.join("", java.comments)).as(file).doesNotContain("\\")
          .doesNotContain("\u0000").doesNotContain("\n*/").doesNotContain("X {}");
      // JavaPoet splits a literal after each line break: join them to read the text.
      assertThat(String.join("", java.literals.stream().map(JavaText::decode).toList()))
          .as(file).contains(file);
      assertThat(factory.create(1, SEED).info().source()).isEqualTo(file);
    }
  }

  @Test
  void overLongNamesAreRejectedWhereTheyStand() {
    String name = "h".repeat(5000);
    String text = chain("m", "x", k -> "W", k -> name, 1);
    assertRejected(text, 5, 3, "a name of 5000 characters is too long: at most 128");
    assertRejected(chain("m" + name, "x", k -> "W", k -> "h", 1), 1, 7, "too long");
  }

  @Test
  void numbersThatDoNotFitADoubleAreRejected() {
    String plain = chain("m", "x", k -> "W", k -> "h", 1);
    assertRejected(plain.replace("tanh(W @ x)", "tanh(W @ x) * 1e999"), 5, 21,
        "number 1e999 is too large for a double");
    assertRejected(plain.replace("tanh(W @ x)", "tanh(W @ x) * 1e-999"), 5, 21,
        "number 1e-999 is too small for a double: it would be 0");
    assertRejected(plain.replace("init uniform(-0.5, 0.5)", "init constant(1e400)"), 4, 34,
        "too large for a double");
    assertRejected(plain.replace("[3, 3]", "[3, 99999999999]"), 4, 17,
        "a dimension is too large");
    assertRejected(plain.replace("}\n", "train { seed = 1e999 }\n}\n"), 7, 16,
        "too large for a double");
  }

  @Test
  void charactersJavaWouldReadAreRejected() {
    String plain = chain("m", "x", k -> "W", k -> "h", 1);
    assertRejected(plain.replace("h = ", "$h = "), 5, 3, "unexpected character '$'");
    assertRejected(plain.replace("h = ", "h\\u000a = "), 5, 4, "unexpected character '\\'");
    assertRejected(plain.replace("h = ", "h\u00e9 = "), 5, 4, "unexpected character");
    assertRejected(plain.replace("h = ", "h\" = "), 5, 4, "unexpected character '\"'");
  }

  @Test
  void commentsNeverReachTheCode() {
    String text = "// \\u000a System.exit(1);\n// */ class Evil {} /*\n/* \\u002a\\u002f"
        + " class Evil {} */\n"
        + chain("m", "x", k -> "W", k -> "h", 1);
    String source = compile("c.pcg", text).source().code();
    assertThat(source).doesNotContain("System.exit").doesNotContain("Evil");
  }

  /**
   * A model whose input is {@code input}, whose parameters and vertices are named by the two
   * functions, chained: vertex k = tanh(param k @ vertex k - 1).
   */
  private static String chain(String model, String input, IntFunction<String> param,
      IntFunction<String> vertex, int length) {
    StringBuilder sb = new StringBuilder("model " + model + " {\n  input " + input
        + " : [3]\n  target tgt : [3]\n");
    for (int k = 0; k < length; k++) {
      sb.append("  param ").append(param.apply(k)).append(" : [3, 3] init uniform(-0.5, 0.5)\n");
    }
    for (int k = 0; k < length; k++) {
      sb.append("  ").append(vertex.apply(k)).append(" = tanh(").append(param.apply(k))
          .append(" @ ").append(k == 0 ? input : vertex.apply(k - 1)).append(")\n");
    }
    return sb.append("  loss mse(").append(vertex.apply(length - 1)).append(", tgt)\n}\n")
        .toString();
  }

  private static ModelCompiler.Factory compile(String file, String text) {
    Graph graph = Frontend.compile(file, text, new Diagnostics());
    return ModelCompiler.compile(graph, DType.F64,
        ModelCompiler.Options.defaults().withCacheDir(null));
  }

  /** Both models compute the same loss and updates, bit for bit, under BP and IL. */
  private static void assertSameLearning(CompiledModel a, CompiledModel b) {
    for (Algorithm algo : List.of(Algorithm.BP, Algorithm.IL)) {
      SyntheticBatch.load(a, BATCH, SEED);
      SyntheticBatch.load(b, BATCH, SEED);
      PcOptions options = PcOptions.defaults().withSteps(5).withGamma(0.1);
      assertThat(a.computeUpdates(algo, options)).isEqualTo(b.computeUpdates(algo, options));
      for (int p = 0; p < a.info().params().size(); p++) {
        double[] ua = new double[9];
        double[] ub = new double[9];
        a.getUpdate(p, ua);
        b.getUpdate(p, ub);
        assertThat(ua).as("%s update of %s", algo, a.info().params().get(p)).isEqualTo(ub);
      }
    }
  }

  private static void assertRejected(String text, int line, int column, String message) {
    assertThatThrownBy(() -> compile("bad.pcg", text))
        .isInstanceOfSatisfying(CompileException.class, e -> {
          Diagnostic first = e.diagnostics().get(0);
          assertThat(first.message()).contains(message);
          assertThat(first.span().line()).isEqualTo(line);
          assertThat(first.span().column()).isEqualTo(column);
        });
  }
}
