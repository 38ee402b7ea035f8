package org.pcg.ir;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private static final Set<String> WORDS = Set.of("algorithm", "optimizer", "dtype");
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
    if (WORDS.contains(key)) {
      if (e instanceof Expr.Name n) {
        return n.name();
      }
      report.error(e.span(), "'" + key + "' takes a word, such as " + example(key));
      return null;
    }
    if (e instanceof Expr.Name) {
      report.error(e.span(), "'" + key + "' takes a number");
      return null;
    }
    double v = e instanceof Expr.Negate neg ? -((Expr.Num) neg.operand()).value()
        : ((Expr.Num) e).value();
    String problem = problem(key, v);
    if (problem != null) {
      report.error(e.span(), "'" + key + "' " + problem + ", got " + text(e));
      return null;
    }
    return v;
  }

  private static String problem(String key, double v) {
    boolean whole = v == Math.rint(v);
    if (COUNTS.contains(key) && (!whole || v < 1)) {
      return "must be a whole number of at least 1";
    }
    if (key.equals("seed") && (!whole || v < 0 || v > Long.MAX_VALUE)) {
      return "must be a whole number of at least 0";
    }
    if (POSITIVE.contains(key) && v <= 0) {
      return "must be positive";
    }
    if (key.equals("momentum") && (v < 0 || v >= 1)) {
      return "must be at least 0 and less than 1";
    }
    return null;
  }

  private static String example(String key) {
    switch (key) {
      case "algorithm":
        return "bp, zil, zil-faithful or il";
      case "optimizer":
        return "sgd";
      default:
        return "f32 or f64";
    }
  }

  private static String text(Expr e) {
    return e instanceof Expr.Negate neg ? "-" + ((Expr.Num) neg.operand()).text()
        : ((Expr.Num) e).text();
  }
}
