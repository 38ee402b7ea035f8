package org.pcg.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates model files in ways that often still parse, so that mutants reach the later
 * phases: numbers become other small numbers, functions and operators other ones of the same
 * arity, a name another name of the file; now and then a token goes, or a stray one comes.
 */
final class Mutator {

  private static final Pattern PIECE = Pattern.compile(
      "[A-Za-z_][A-Za-z_0-9]*|\\d+(\\.\\d+)?([eE][+-]?\\d+)?|\\.\\.|//[^\\n]*|\\s+|.");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");
  private static final Pattern NUMBER = Pattern.compile("\\d.*");

  private static final List<String> NUMBERS = List.of("0", "1", "2", "3", "4", "7", "8",
      "16", "28", "0.5", "1e-3");
  private static final List<List<String>> SWAPPABLE = List.of(
      List.of("tanh", "sigmoid", "relu", "leaky_relu", "elu", "gelu", "softplus", "exp",
          "log", "sqrt", "square", "abs", "id", "flatten", "layer_norm"),
      List.of("+", "-", "*", "/", "@"),
      List.of("sum", "mean", "softmax", "log_softmax"),
      List.of("max_pool", "avg_pool"),
      List.of("mse", "cross_entropy"),
      List.of("he", "glorot", "xavier", "kaiming", "orthogonal", "zeros", "ones"),
      List.of("bp", "zil", "il", "zil_faithful"));
  private static final List<String> STRAY = List.of("(", ")", "[", "]", ",", "=", "@", "-",
      "x", "0", "{", "}", "..", ":");

  private Mutator() {}

  /** {@code sample} with one to three mutations drawn from {@code random}. */
  static String mutate(String sample, Random random) {
    List<String> pieces = pieces(sample);
    List<String> names = pieces.stream().filter(p -> NAME.matcher(p).matches()).toList();
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      mutateOnce(pieces, names, random);
    }
    return String.join("", pieces);
  }

  private static void mutateOnce(List<String> pieces, List<String> names, Random random) {
    int i = random.nextInt(pieces.size());
    String piece = pieces.get(i);
    if (random.nextInt(8) == 0) {
      if (random.nextBoolean()) {
        pieces.remove(i);
      } else {
        pieces.add(i, " " + STRAY.get(random.nextInt(STRAY.size())) + " ");
      }
      return;
    }
    if (NUMBER.matcher(piece).matches()) {
      pieces.set(i, NUMBERS.get(random.nextInt(NUMBERS.size())));
      return;
    }
    for (List<String> group : SWAPPABLE) {
      if (group.contains(piece)) {
        pieces.set(i, group.get(random.nextInt(group.size())));
        return;
      }
    }
    if (NAME.matcher(piece).matches() && !names.isEmpty()) {
      pieces.set(i, names.get(random.nextInt(names.size())));
    }
  }

  private static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher m = PIECE.matcher(text);
    while (m.find()) {
      pieces.add(m.group());
    }
    return pieces;
  }
}
