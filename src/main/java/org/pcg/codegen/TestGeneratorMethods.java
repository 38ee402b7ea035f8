package org.pcg.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.CompiledModel;
import org.pcg.runtime.Equivalence;
import org.pcg.runtime.PcOptions;
import org.pcg.runtime.SyntheticBatch;

/**
 * The test methods and helpers of a generated test class (see {@link TestGenerator}). The
 * bodies are fixed text: only the model class they instantiate varies.
 */
final class TestGeneratorMethods {

  private static final ClassName PARAMETERIZED_TEST =
      ClassName.get("org.junit.jupiter.params", "ParameterizedTest");
  private static final ClassName NAMED = ClassName.get("org.junit.jupiter.api", "Named");
  private static final ClassName METHOD_SOURCE =
      ClassName.get("org.junit.jupiter.params.provider", "MethodSource");
  private static final ClassName DIFFERENCE = ClassName.get(Equivalence.Difference.class);
  private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);

  private final ClassName model;

  TestGeneratorMethods(ClassName model) {
    this.model = model;
  }

  /** One parameterised test per property, each run for every seed. */
  List<MethodSpec> tests() {
    return List.of(
        test("scheduledZilUpdatesEqualBp").addStatement(
            "assertUpdatesEqualBp($T.$L, ZIL_TOLERANCE, seed)", Algorithm.class,
            Algorithm.ZIL.name()).build(),
        test("faithfulZilUpdatesEqualBp").addStatement(
            "assertUpdatesEqualBp($T.$L, ZIL_FAITHFUL_TOLERANCE, seed)", Algorithm.class,
            Algorithm.ZIL_FAITHFUL.name()).build(),
        gradientTest(),
        forwardTest());
  }

  /** The source of the tests' arguments: seeds 1 to SEEDS, each named for the report. */
  static MethodSpec seeds() {
    TypeName named = ParameterizedTypeName.get(NAMED, ClassName.get(Long.class));
    return MethodSpec.methodBuilder("seeds")
        .addModifiers(Modifier.STATIC)
        .returns(ParameterizedTypeName.get(ClassName.get(Stream.class), named))
        .addStatement("return $T.rangeClosed(1, SEEDS).mapToObj(s -> $T.of($S + s, s))",
            LongStream.class, NAMED, "seed ")
        .build();
  }

  /** The helpers the tests share. */
  List<MethodSpec> helpers() {
    return List.of(modelWithBatch(), assertUpdatesEqualBp(), assertGradientClose(),
        centralDifference(), sampleCoordinates(), largestMagnitude(), firstNonFinite());
  }

  private static MethodSpec.Builder test(String name) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(PARAMETERIZED_TEST)
        .addAnnotation(AnnotationSpec.builder(METHOD_SOURCE)
            .addMember("value", "$S", "seeds").build())
        .addParameter(TypeName.LONG, "seed");
  }

  private static MethodSpec gradientTest() {
    return test("bpGradientsMatchFiniteDifferences")
        .addComment("BP's update is delta-shaped: minus the gradient of the batch loss.")
        .addStatement("$T model = modelWithBatch(seed)", CompiledModel.class)
        .addStatement("double[][] bp = $T.updates(model, $T.BP, $T.defaults())",
            Equivalence.class, Algorithm.class, PcOptions.class)
        .addStatement("$T random = new $T(seed)", SplittableRandom.class,
            SplittableRandom.class)
        .beginControlFlow("for (int p = 0; p < bp.length; p++)")
        .addStatement("String param = model.info().params().get(p).name()")
        .addStatement("double scale = largestMagnitude(bp[p])")
        .beginControlFlow("for (int j : sampleCoordinates(bp[p].length, random))")
        .addStatement("double numeric = centralDifference(model, p, j)")
        .addStatement("assertGradientClose(param + \"[\" + j + \"]\", -bp[p][j], numeric,"
            + " scale, seed)")
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  private static MethodSpec forwardTest() {
    return test("forwardPassOutputIsFinite")
        .addStatement("$T model = modelWithBatch(seed)", CompiledModel.class)
        .addStatement("double loss = model.forward()")
        .addStatement("double[] output = new double[BATCH * model.info().output().size()]")
        .addStatement("model.output(output)")
        .addStatement("String name = model.info().output().name()")
        .addStatement("int bad = firstNonFinite(output)")
        .addCode("\n")
        .addStatement("assertTrue($T.isFinite(loss), () -> \"the loss is \" + loss"
            + " + \" (seed \" + seed + \")\")", Double.class)
        .addStatement("assertTrue(bad < 0, () -> \"value \" + bad + \" of the output \" + name"
            + "$W+ \" is \" + output[bad] + \" (seed \" + seed + \")\")")
        .build();
  }

  private MethodSpec modelWithBatch() {
    return MethodSpec.methodBuilder("modelWithBatch")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("A model with weights drawn from {@code seed} and a synthetic batch from"
            + " the same seed.\n")
        .returns(CompiledModel.class)
        .addParameter(TypeName.LONG, "seed")
        .addStatement("$T model =$Wnew $T(BATCH, seed)", CompiledModel.class, model)
        .addStatement("$T.load(model, BATCH, seed)", SyntheticBatch.class)
        .addStatement("return model")
        .build();
  }

  private static MethodSpec assertUpdatesEqualBp() {
    return MethodSpec.methodBuilder("assertUpdatesEqualBp")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Asserts that every parameter update of {@code algo} is BP's, from the"
            + " same weights\nand batch, within {@code tolerance} relative to the parameter's"
            + " largest BP update.\n")
        .addParameter(Algorithm.class, "algo")
        .addParameter(TypeName.DOUBLE, "tolerance")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("$T model = modelWithBatch(seed)", CompiledModel.class)
        .addStatement("double[][] bp = $T.updates(model, $T.BP, $T.defaults())",
            Equivalence.class, Algorithm.class, PcOptions.class)
        .addStatement("double[][] updates = $T.updates(model, algo, $T.defaults())",
            Equivalence.class, PcOptions.class)
        .addComment("Weights that all start at zero can stop every gradient; every"
            + " comparison")
        .addComment("would then pass while checking nothing.")
        .addStatement("assertTrue($T.stream(bp).flatMapToDouble($T::stream).anyMatch(v -> v"
            + " != 0),\n$>$>() -> $S\n+ seed + $S)$<$<", java.util.Arrays.class,
            java.util.Arrays.class, "BP's update is zero for every parameter (seed ",
            "): nothing is compared; give the weights an init")
        .beginControlFlow("for ($T d : $T.compare(model.info(), updates, bp))", DIFFERENCE,
            Equivalence.class)
        .addStatement("assertTrue(d.maxRel() <= tolerance, () -> $T.format($T.ROOT,\n"
            + "$S\n$>$>+ $S,\n$<$<algo.flag(), d.param(), d.maxRel(), d.maxAbs(), tolerance,"
            + " seed))", String.class, Locale.class,
            "%s update of %s differs from BP's by %.3e relative (%.3e absolute),",
            " above the tolerance %.0e (seed %d)")
        .endControlFlow()
        .build();
  }

  private static MethodSpec assertGradientClose() {
    return MethodSpec.methodBuilder("assertGradientClose")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Asserts that BP's gradient of one coordinate is the finite difference,"
            + " within\nFD_TOLERANCE of the parameter's largest gradient {@code scale} plus"
            + " FD_ABSOLUTE_TOLERANCE.\n")
        .addParameter(String.class, "coordinate")
        .addParameter(TypeName.DOUBLE, "analytic")
        .addParameter(TypeName.DOUBLE, "numeric")
        .addParameter(TypeName.DOUBLE, "scale")
        .addParameter(TypeName.LONG, "seed")
        .addStatement("double gap = $T.abs(analytic - numeric)", Math.class)
        .addStatement("double allowed = FD_TOLERANCE * scale + FD_ABSOLUTE_TOLERANCE")
        .addStatement("assertTrue(gap <= allowed, () -> $T.format($T.ROOT,\n"
            + "$S\n$>$>+ $S,\n$<$<coordinate, analytic, numeric, gap, allowed, FD_TOLERANCE,"
            + " seed))", String.class, Locale.class,
            "BP's gradient of %s is %.6e but central differences give %.6e: gap %.2e",
            " above %.2e (tolerance %.0e relative to the largest gradient, seed %d)")
        .build();
  }

  private static MethodSpec centralDifference() {
    return MethodSpec.methodBuilder("centralDifference")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("The derivative of the batch loss in coordinate {@code j} of parameter"
            + " {@code p};\nthe parameter is restored afterwards.\n")
        .returns(TypeName.DOUBLE)
        .addParameter(CompiledModel.class, "model")
        .addParameter(TypeName.INT, "p")
        .addParameter(TypeName.INT, "j")
        .addStatement("double[] theta = new double[model.info().params().get(p).size()]")
        .addStatement("model.getParam(p, theta)")
        .addStatement("double saved = theta[j]")
        .addStatement("double up = saved + FD_STEP")
        .addStatement("double down = saved - FD_STEP")
        .addCode("\n")
        .addStatement("theta[j] = up")
        .addStatement("model.setParam(p, theta)")
        .addStatement("double lossUp = model.forward()")
        .addStatement("theta[j] = down")
        .addStatement("model.setParam(p, theta)")
        .addStatement("double lossDown = model.forward()")
        .addStatement("theta[j] = saved")
        .addStatement("model.setParam(p, theta)")
        .addComment("up - down, not 2 * FD_STEP: the perturbed values are rounded.")
        .addStatement("return (lossUp - lossDown) / (up - down)")
        .build();
  }

  private static MethodSpec sampleCoordinates() {
    return MethodSpec.methodBuilder("sampleCoordinates")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Every coordinate of a small parameter, else FD_COORDINATES distinct ones"
            + " at random.\n")
        .returns(ArrayTypeName.of(TypeName.INT))
        .addParameter(TypeName.INT, "size")
        .addParameter(SplittableRandom.class, "random")
        .beginControlFlow("if (size <= FD_COORDINATES)")
        .addStatement("return $T.range(0, size).toArray()", IntStream.class)
        .endControlFlow()
        .addStatement("return random.ints(0, size).distinct().limit(FD_COORDINATES).toArray()")
        .build();
  }

  private static MethodSpec largestMagnitude() {
    return MethodSpec.methodBuilder("largestMagnitude")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addParameter(DOUBLES, "values")
        .addStatement("double largest = 0")
        .beginControlFlow("for (double v : values)")
        .addStatement("largest = $T.max(largest, $T.abs(v))", Math.class, Math.class)
        .endControlFlow()
        .addStatement("return largest")
        .build();
  }

  private static MethodSpec firstNonFinite() {
    return MethodSpec.methodBuilder("firstNonFinite")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("The index of the first NaN or infinite value, or -1.\n")
        .returns(TypeName.INT)
        .addParameter(DOUBLES, "values")
        .beginControlFlow("for (int i = 0; i < values.length; i++)")
        .beginControlFlow("if (!$T.isFinite(values[i]))", Double.class)
        .addStatement("return i")
        .endControlFlow()
        .endControlFlow()
        .addStatement("return -1")
        .build();
  }
}
