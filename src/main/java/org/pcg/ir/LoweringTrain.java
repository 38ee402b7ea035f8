package org.pcg.ir;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pcg.runtime.Algorithm;
import org.pcg.runtime.DType;
import org.pcg.syntax.SourceSpan;
import org.pcg.syntax.Suggest;
import org.pcg.syntax.ast.Expr;
import org.pcg.syntax.ast.Stmt;

/**
 * Reads the {@code train { ... }} block into {@link TrainingDefaults}. Keys come from {@link
 * TrainingDefaults#KEYS}; which keys take words, whole numbers or positive numbers is stated
 * here because TrainingDefaults does not say.
 */
final class LoweringTrain {

  /**
   * The words each word-valued key allows, in the order a message lists them. The algorithm
   * and dtype words are the runtime's own flags; the optimizers are those pcg train makes.
   */
  private static final Map<String, List<String>> WORDS = Map.of(
      "algorithm", Arrays.stream(Algorithm.values()).map(Algorithm::flag).toList(),
      "optimizer", List.of("sgd", "momentum", "adam"),
      "dtype", Arrays.stream(DType.values()).map(DType::flag).toList());
  private static final Set<String> COUNTS = Set.of("batch", "epochs", "il_steps");
  private static final Set<String> POSITIVE = Set.of("lr", "il_gamma");

  private final LoweringReport report;

  LoweringTrain(LoweringReport report) {
    this.report = report;
  }

  /** The defaults of the file's train block, if any; null after reporting an error. */
  TrainingDefaults lower(List<Stmt.Train> blocks) {
    if (blocks.isEmpty()) {
      return TrainingDefaults.NONE;
    }
    for (Stmt.Train extra : blocks.subList(1, blocks.size())) {
      report.error(extra.span(), "a model has one train block, and it is already given at "
          + LoweringReport.where(blocks.get(0).span()));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, SourceSpan> setAt = new HashMap<>();
    boolean ok = blocks.size() == 1;
    for (Stmt.Setting s : blocks.get(0).settings()) {
      ok &= setting(s, values, setAt);
    }
    return ok ? new TrainingDefaults(values) : null;
  }

  private boolean setting(Stmt.Setting s, Map<String, Object> values,
      Map<String, SourceSpan> setAt) {
    String key = s.key().text();
    if (!TrainingDefaults.KEYS.contains(key)) {
      report.error(s.key().span(), "unknown training setting '" + key + "'"
          + Suggest.clause(key, TrainingDefaults.KEYS) + "; the settings are "
          + String.join(", ", TrainingDefaults.KEYS.stream().sorted().toList()));
      return false;
    }
    if (setAt.containsKey(key)) {
      report.error(s.key().span(), "'" + key + "' is already set at "
          + LoweringReport.where(setAt.get(key)));
      return false;
    }
    setAt.put(key, s.key().span());
    Object value = value(key, s.value());
    if (value != null) {
      values.put(key, value);
    }
    return value != null;
  }

  private Object value(String key, Expr e) {
    if (WORDS.containsKey(key)) {
      return word(key, e);
    }
    if (e instanceof Expr.Name) {
      report.error(e.span(), "'" + key + "' takes a number");
      return null;
    }
    double v = e instanceof Expr.Negate neg ? -((Expr.Num) neg.operand()).value()
        : ((Expr.Num) e).value();
    String problem = problem(key, v);
    if (problem == null && key.equals("seed") && !exact(text(e), v)) {
      problem = "must be a whole number between -2^53 and 2^53 (larger ones do not survive as"
          + " a model-file number; --seed takes any long)";
    }
    if (problem != null) {
      report.error(e.span(), "'" + key + "' " + problem + ", got " + text(e));
      return null;
    }
    return v;
  }

  /** The largest magnitude up to which every whole number is a double. */
  private static final double EXACT_WHOLE = 0x1p53;

  private static String problem(String key, double v) {
    boolean whole = v == Math.rint(v);
    if (COUNTS.contains(key) && (!whole || v < 1 || v > Integer.MAX_VALUE)) {
      return "must be a whole number from 1 to " + Integer.MAX_VALUE;
    }
    // Any long is a seed on the command line; the file's numbers are doubles, exact for
    // whole numbers up to 2^53 either side of zero.
    if (key.equals("seed") && (!whole || Math.abs(v) > EXACT_WHOLE)) {
      return "must be a whole number between -2^53 and 2^53";
    }
    if (POSITIVE.contains(key) && v <= 0) {
      return "must be positive";
    }
    if (key.equals("momentum") && (v < 0 || v >= 1)) {
      return "must be at least 0 and less than 1";
    }
    return null;
  }

  /** The word {@code e} names, if {@code key} allows it; null after reporting. */
  private String word(String key, Expr e) {
    List<String> allowed = WORDS.get(key);
    if (!(e instanceof Expr.Name n)) {
      report.error(e.span(), "'" + key + "' takes a word, such as " + choices(allowed));
      return null;
    }
    if (!allowed.contains(n.name())) {
      report.error(e.span(), "unknown " + key + " '" + n.name() + "'"
          + Suggest.clause(n.name(), allowed) + "; use " + choices(allowed));
      return null;
    }
    return n.name();
  }

  /** "a, b or c". */
  private static String choices(List<String> words) {
    int last = words.size() - 1;
    return String.join(", ", words.subList(0, last)) + " or " + words.get(last);
  }

  /** Whether the literal {@code text} is exactly the double {@code v} it was read as. */
  private static boolean exact(String text, double v) {
    try {
      return new java.math.BigDecimal(text).compareTo(new java.math.BigDecimal(v)) == 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static String text(Expr e) {
    return e instanceof Expr.Negate neg ? "-" + ((Expr.Num) neg.operand()).text()
        : ((Expr.Num) e).text();
  }
}
