package org.pcg.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.pcg.runtime.PcOptions;

/** Small helpers every generated class carries: the per-vertex PC rules and the trace. */
final class HelperCode {

  private final Numbers numbers;

  HelperCode(Numbers numbers) {
    this.numbers = numbers;
  }

  List<MethodSpec> methods() {
    return List.of(learns(), exact(), awake(), error(), plainError(), energy(), relax(),
        plainRelax(), addNoise(), trace());
  }

  private MethodSpec learns() {
    return MethodSpec.methodBuilder("learns")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.BOOLEAN)
        .addParameter(TypeName.INT, "learning")
        .addParameter(TypeName.INT, "level")
        .addJavadoc("Whether a vertex of {@code level} learns in a step that selects"
            + " {@code learning}.\n")
        .addStatement("return learning == $N || learning == level", AlgorithmCode.LEARN_ALL)
        .build();
  }

  private MethodSpec exact() {
    return MethodSpec.methodBuilder("exact")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.BOOLEAN)
        .addParameter(PcOptions.class, "options")
        .addJavadoc("Whether the options keep all three conditions under which Z-IL equals"
            + " BP.\n")
        .addStatement("return options.gamma() == 1 && options.levelTimed()"
            + " && options.startNoise() == 0")
        .build();
  }

  private MethodSpec awake() {
    return MethodSpec.methodBuilder("awake")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.INT)
        .addParameter(PcOptions.class, "options")
        .addParameter(TypeName.INT, "t")
        .addJavadoc("Which vertices work at inference step t: from the forward pass, only"
            + " those awake at t\n(the others' errors are still exactly zero); after a"
            + " noisy start, every one.\n")
        .addStatement("return options.startNoise() == 0 ? t : $N", AlgorithmCode.ALL_AWAKE)
        .build();
  }

  private MethodSpec error() {
    return MethodSpec.methodBuilder("error")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addParameter(numbers.arrayType(), "start")
        .addParameter(numbers.arrayType(), "moved")
        .addParameter(numbers.arrayType(), "mu")
        .addParameter(numbers.arrayType(), "e")
        .addParameter(TypeName.INT, "count")
        .addParameter(TypeName.BOOLEAN, "withEnergy")
        .addJavadoc("One vertex's error node e = x - mu, with x = start + moved; returns its"
            + " energy\n1/2 |e|^2 when asked for it, else 0. Summed as (start - mu) + moved,"
            + " e is exact while mu\nhas not moved from the start (as x - mu it would lose"
            + " the bits of x). The energy has\na loop of its own: its running sum, in order,"
            + " would keep the error loop from\nvectorising, and only an energy trace reads"
            + " it.\n")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("e[i] = start[i] - mu[i] + moved[i]")
        .endControlFlow()
        .addStatement("return energy(e, count, withEnergy)")
        .build();
  }

  private MethodSpec plainError() {
    return MethodSpec.methodBuilder("plainError")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addParameter(numbers.arrayType(), "x")
        .addParameter(numbers.arrayType(), "mu")
        .addParameter(numbers.arrayType(), "e")
        .addParameter(TypeName.INT, "count")
        .addParameter(TypeName.BOOLEAN, "withEnergy")
        .addJavadoc("IL's error node e = x - mu; returns its energy 1/2 |e|^2 when asked for"
            + " it, else 0.\n")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("e[i] = x[i] - mu[i]")
        .endControlFlow()
        .addStatement("return energy(e, count, withEnergy)")
        .build();
  }

  private MethodSpec energy() {
    return MethodSpec.methodBuilder("energy")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addParameter(numbers.arrayType(), "e")
        .addParameter(TypeName.INT, "count")
        .addParameter(TypeName.BOOLEAN, "withEnergy")
        .addJavadoc("An error node's energy 1/2 |e|^2 when asked for it, else 0.\n")
        .beginControlFlow("if (!withEnergy)")
        .addStatement("return 0")
        .endControlFlow()
        .addStatement("double energy = 0")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("energy += 0.5 * e[i] * e[i]")
        .endControlFlow()
        .addStatement("return energy")
        .build();
  }

  private MethodSpec relax() {
    return MethodSpec.methodBuilder("relax")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(numbers.arrayType(), "x")
        .addParameter(numbers.arrayType(), "start")
        .addParameter(numbers.arrayType(), "moved")
        .addParameter(numbers.arrayType(), "e")
        .addParameter(numbers.arrayType(), "fb")
        .addParameter(TypeName.INT, "count")
        .addParameter(numbers.type(), "gamma")
        .addJavadoc("One inference step of one value node, x += gamma (-e + sum of J^T e over"
            + " its\nconsumers): a local rule that reads only the node's own state and e and"
            + " the feedback\n{@code fb} its consumers' errors sent. It leaves {@code fb} zero"
            + " for the next step:\nthe feedback is in the cache here, so this costs less"
            + " than a pass of its own.\n")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("moved[i] += gamma * (fb[i] - e[i])")
        .addStatement("x[i] = start[i] + moved[i]")
        .addStatement("fb[i] = 0")
        .endControlFlow()
        .build();
  }

  private MethodSpec plainRelax() {
    return MethodSpec.methodBuilder("plainRelax")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(numbers.arrayType(), "x")
        .addParameter(numbers.arrayType(), "e")
        .addParameter(numbers.arrayType(), "fb")
        .addParameter(TypeName.INT, "count")
        .addParameter(numbers.type(), "gamma")
        .addJavadoc("IL's inference step of one value node, x += gamma (-e + sum of J^T e over"
            + " its\nconsumers), leaving {@code fb} zero for the next step as {@code relax}"
            + " does.\n")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("x[i] += gamma * (fb[i] - e[i])")
        .addStatement("fb[i] = 0")
        .endControlFlow()
        .build();
  }

  private MethodSpec addNoise() {
    return MethodSpec.methodBuilder("addNoise")
        .addModifiers(Modifier.PRIVATE)
        .addParameter(numbers.arrayType(), "x")
        .addParameter(TypeName.INT, "count")
        .addParameter(TypeName.DOUBLE, "std")
        .addJavadoc("Adds Gaussian noise of standard deviation {@code std} to a value node.\n")
        .beginControlFlow("for (int i = 0; i < count; i++)")
        .addStatement("x[i] += $L", numbers.fromDouble(CodeBlock.of("std * noise.nextGaussian()")))
        .endControlFlow()
        .build();
  }

  private MethodSpec trace() {
    return MethodSpec.methodBuilder("trace")
        .addModifiers(Modifier.PRIVATE)
        .addParameter(PcOptions.class, "options")
        .addJavadoc("Records the energy of this step when asked to. The trace grows only when"
            + " a run\nhas more steps than any before it.\n")
        .beginControlFlow("if (!options.traceEnergy())")
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("if (energySteps == energy.length)")
        .addStatement("energy = $T.copyOf(energy, $T.max(16, 2 * energy.length))",
            java.util.Arrays.class, Math.class)
        .endControlFlow()
        .addStatement("energy[energySteps++] = energyNow")
        .build();
  }
}
