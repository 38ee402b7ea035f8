package org.pcg.codegen;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breaks the Z-IL schedule of a generated model class on purpose, so that a test can show the
 * tests {@link TestGenerator} writes fail on a wrong model: every vertex's parameters learn
 * one inference step after its level, which docs/algorithms.md warns diverges from BP (the
 * deepest level never learns; the others learn from errors that have moved on).
 *
 * <p>It rewrites the source text rather than asking {@link ModelGenerator}, to keep a test
 * switch out of the generator. The scheduled form computes only the error frontier and has
 * no later step to learn in, so the mutant runs scheduled Z-IL through the (broken) faithful
 * sweep as well. If the generated code changes shape, this fails loudly instead of
 * producing an unbroken mutant.
 */
public final class ZilScheduleMutation {

  /** The level a vertex learns at, in each faithful-sweep call: {@code learns(learning, 3)}. */
  private static final Pattern LEARNS_AT = Pattern.compile("learns\\(learning,\\s*(\\d+)\\)");

  /** The scheduled sweep's one call, in computeUpdates. */
  private static final Pattern SCHEDULED_CALL = Pattern.compile("\\bsweepLevels\\(\\);");

  private ZilScheduleMutation() {}

  /** The source of a model class whose Z-IL updates parameters one step late. */
  public static String apply(String modelSource) {
    Matcher learns = LEARNS_AT.matcher(modelSource);
    if (!learns.find()) {
      throw new IllegalStateException("no learns(learning, level) call in the model source:"
          + " the generated code changed, so ZilScheduleMutation must follow it");
    }
    String late = learns.replaceAll("learns(learning, $1 + 1)");
    return SCHEDULED_CALL.matcher(late).replaceFirst("relaxZil(options);");
  }
}
