package org.pcg.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.pcg.syntax.ast.Arg;
import org.pcg.syntax.ast.Expr;
import org.pcg.syntax.ast.Ident;
import org.pcg.syntax.ast.LayerDef;
import org.pcg.syntax.ast.ModelDef;
import org.pcg.syntax.ast.ModelFile;
import org.pcg.syntax.ast.Stmt;

/**
 * Turns a parse tree without syntax errors into the immutable AST. Layer definitions written
 * inside the model are moved to the file's list of layers; the few rules the grammar leaves
 * open (one model per file, where layers may be defined, layer parameter kinds) are checked
 * here.
 */
final class AstBuilder {

  /**
   * Deepest expression the compiler accepts. A sum of thousands of terms parses as a deep
   * left-leaning tree, and every later phase walks trees recursively; a model never needs
   * more, and this keeps an untrusted file from exhausting the Java stack.
   */
  static final int MAX_EXPRESSION_DEPTH = 256;

  private final String file;
  private final Diagnostics diagnostics;
  private final List<LayerDef> layers = new ArrayList<>();
  private int depth;
  private boolean tooDeep;

  AstBuilder(String file, Diagnostics diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  ModelFile file(PcgParser.FileContext ctx) {
    ctx.layerDef().forEach(l -> layers.add(layer(l)));
    List<ModelDef> models = new ArrayList<>();
    ctx.modelDef().forEach(m -> models.add(model(m)));
    checkOneModel(models);
    return new ModelFile(file, layers, models);
  }

  private void checkOneModel(List<ModelDef> models) {
    if (models.isEmpty()) {
      diagnostics.error(new SourceSpan(file, 1, 1, 1),
          "the file defines no model: write 'model name { ... }'");
      return;
    }
    Ident first = models.get(0).name();
    for (ModelDef extra : models.subList(1, models.size())) {
      diagnostics.error(
          extra.name().span(),
          "a file holds one model, but '" + extra.name() + "' is another (model '" + first
              + "' is at " + first.span().line() + ":" + first.span().column() + ")");
    }
  }

  private ModelDef model(PcgParser.ModelDefContext ctx) {
    List<Stmt> body = statements(ctx.statement(), true);
    return new ModelDef(ident(ctx.NAME()), body, Spans.of(file, ctx.MODEL()));
  }

  private LayerDef layer(PcgParser.LayerDefContext ctx) {
    List<LayerDef.Param> params = new ArrayList<>();
    ctx.layerParam().forEach(p -> params.add(layerParam(p)));
    List<Stmt> body = statements(ctx.statement(), false);
    return new LayerDef(ident(ctx.NAME()), params, body, Spans.of(file, ctx.LAYER()));
  }

  private LayerDef.Param layerParam(PcgParser.LayerParamContext ctx) {
    Ident name = ident(ctx.NAME(0));
    if (ctx.NAME().size() < 2) {
      return new LayerDef.Param(name, LayerDef.Kind.TENSOR);
    }
    Ident kind = ident(ctx.NAME(1));
    if (kind.text().equals("int")) {
      return new LayerDef.Param(name, LayerDef.Kind.INT);
    }
    if (!kind.text().equals("tensor")) {
      diagnostics.error(
          kind.span(),
          "unknown kind '" + kind + "' for layer parameter '" + name
              + "': write '" + name + ": int' for a whole number, or '" + name
              + "' for a tensor");
    }
    return new LayerDef.Param(name, LayerDef.Kind.TENSOR);
  }

  /** The statements of a body; layer definitions are only allowed directly in the model. */
  private List<Stmt> statements(List<PcgParser.StatementContext> contexts, boolean modelBody) {
    List<Stmt> out = new ArrayList<>();
    for (PcgParser.StatementContext c : contexts) {
      if (c instanceof PcgParser.NestedLayerContext nested) {
        nestedLayer(nested.layerDef(), modelBody);
      } else if (!(c instanceof PcgParser.EmptyStmtContext)) {
        out.add(statement(c));
      }
    }
    return out;
  }

  private void nestedLayer(PcgParser.LayerDefContext ctx, boolean modelBody) {
    if (modelBody) {
      layers.add(layer(ctx));
      return;
    }
    diagnostics.error(
        Spans.of(file, ctx.LAYER()),
        "define layer '" + ctx.NAME().getText() + "' at the top of the file or directly in"
            + " the model, not inside a layer or loop");
  }

  private Stmt statement(PcgParser.StatementContext c) {
    if (c instanceof PcgParser.InputDeclContext in) {
      return new Stmt.Input(ident(in.NAME()), shape(in.shape()), Spans.of(file, in.INPUT()));
    }
    if (c instanceof PcgParser.TargetDeclContext t) {
      return new Stmt.Target(ident(t.NAME()), shape(t.shape()), Spans.of(file, t.TARGET()));
    }
    if (c instanceof PcgParser.ParamDeclContext p) {
      Optional<Stmt.InitSpec> init = Optional.ofNullable(p.initSpec()).map(this::initSpec);
      return new Stmt.Param(ident(p.NAME()), shape(p.shape()), init, Spans.of(file, p.PARAM()));
    }
    if (c instanceof PcgParser.AssignContext a) {
      Optional<Expr> index = a.LBRACK() == null ? Optional.empty() : Optional.of(expr(a.expr(0)));
      Expr value = expr(a.expr(a.expr().size() - 1));
      return new Stmt.Assign(ident(a.NAME()), index, value, Spans.of(file, a.NAME()));
    }
    return compoundStatement(c);
  }

  private Stmt compoundStatement(PcgParser.StatementContext c) {
    if (c instanceof PcgParser.LossStmtContext loss) {
      return new Stmt.Loss(ident(loss.NAME()), arguments(loss.arguments()),
          Spans.of(file, loss.LOSS()));
    }
    if (c instanceof PcgParser.TrainBlockContext train) {
      List<Stmt.Setting> settings = new ArrayList<>();
      train.setting().forEach(s -> settings.add(setting(s)));
      return new Stmt.Train(settings, Spans.of(file, train.TRAIN()));
    }
    if (c instanceof PcgParser.ForLoopContext loop) {
      List<Stmt> body = statements(loop.statement(), false);
      return new Stmt.For(ident(loop.NAME()), expr(loop.expr(0)), expr(loop.expr(1)), body,
          Spans.of(file, loop.FOR()));
    }
    if (c instanceof PcgParser.ReturnStmtContext ret) {
      return new Stmt.Return(expr(ret.expr()), Spans.of(file, ret.RETURN()));
    }
    throw new IllegalStateException("unhandled statement " + c.getClass().getSimpleName());
  }

  private List<Expr> shape(PcgParser.ShapeContext ctx) {
    List<Expr> dims = new ArrayList<>();
    ctx.expr().forEach(e -> dims.add(expr(e)));
    return dims;
  }

  private Stmt.InitSpec initSpec(PcgParser.InitSpecContext ctx) {
    return new Stmt.InitSpec(ident(ctx.NAME()), arguments(ctx.arguments()),
        Spans.of(file, ctx.NAME()));
  }

  private Stmt.Setting setting(PcgParser.SettingContext ctx) {
    PcgParser.SettingValueContext v = ctx.settingValue();
    Expr value;
    if (!v.NAME().isEmpty()) {
      value = new Expr.Name(v.getText(), Spans.of(file, v.NAME(0)));
    } else {
      value = number(v.NUMBER().getSymbol());
      if (!v.MINUS().isEmpty()) {
        value = new Expr.Negate(value, Spans.of(file, v.MINUS(0)));
      }
    }
    return new Stmt.Setting(ident(ctx.NAME()), value);
  }

  private List<Arg> arguments(PcgParser.ArgumentsContext ctx) {
    List<Arg> args = new ArrayList<>();
    if (ctx != null) {
      ctx.argument().forEach(a -> args.add(argument(a)));
    }
    return args;
  }

  private Arg argument(PcgParser.ArgumentContext ctx) {
    Expr value = expr(ctx.expr());
    if (ctx.NAME() == null) {
      return new Arg(Optional.empty(), value, value.span());
    }
    Ident name = ident(ctx.NAME());
    return new Arg(Optional.of(name), value, name.span());
  }

  private Expr expr(PcgParser.ExprContext c) {
    if (depth >= MAX_EXPRESSION_DEPTH) {
      return tooDeep(c);
    }
    depth++;
    try {
      return exprAtDepth(c);
    } finally {
      depth--;
    }
  }

  /** Reports an over-deep expression once; the tree is discarded, so any stand-in will do. */
  private Expr tooDeep(PcgParser.ExprContext c) {
    if (!tooDeep) {
      tooDeep = true;
      diagnostics.error(Spans.of(file, c), "this expression nests more than "
          + MAX_EXPRESSION_DEPTH + " operations: split it into several statements");
    }
    return new Expr.Num(0, "0", Spans.of(file, c));
  }

  private Expr exprAtDepth(PcgParser.ExprContext c) {
    if (c instanceof PcgParser.NumberContext n) {
      return number(n.NUMBER().getSymbol());
    }
    if (c instanceof PcgParser.NameContext n) {
      return new Expr.Name(n.NAME().getText(), Spans.of(file, n.NAME()));
    }
    if (c instanceof PcgParser.ParenContext p) {
      return expr(p.expr());
    }
    if (c instanceof PcgParser.NegateContext n) {
      return new Expr.Negate(expr(n.expr()), Spans.of(file, n.MINUS()));
    }
    if (c instanceof PcgParser.MultiplyContext m) {
      return binary(m.op, m.expr(0), m.expr(1));
    }
    if (c instanceof PcgParser.AddContext a) {
      return binary(a.op, a.expr(0), a.expr(1));
    }
    return compoundExpr(c);
  }

  private Expr compoundExpr(PcgParser.ExprContext c) {
    if (c instanceof PcgParser.CallContext call) {
      Ident function = ident(call.NAME());
      return new Expr.Call(function, arguments(call.arguments()), function.span());
    }
    if (c instanceof PcgParser.ListContext list) {
      List<Expr> items = new ArrayList<>();
      list.expr().forEach(e -> items.add(expr(e)));
      return new Expr.ListLit(items, Spans.of(file, list.LBRACK()));
    }
    if (c instanceof PcgParser.IndexContext index) {
      List<Expr.IndexItem> items = new ArrayList<>();
      index.indexItem().forEach(i -> items.add(indexItem(i)));
      return new Expr.Index(expr(index.expr()), items, Spans.of(file, index.LBRACK()));
    }
    throw new IllegalStateException("unhandled expression " + c.getClass().getSimpleName());
  }

  private Expr.IndexItem indexItem(PcgParser.IndexItemContext c) {
    if (c instanceof PcgParser.SingleItemContext single) {
      return new Expr.At(expr(single.expr()));
    }
    PcgParser.SliceItemContext slice = (PcgParser.SliceItemContext) c;
    Optional<Expr> from = Optional.empty();
    Optional<Expr> to = Optional.empty();
    for (PcgParser.ExprContext e : slice.expr()) {
      boolean beforeColon = e.getStart().getTokenIndex() < slice.COLON().getSymbol()
          .getTokenIndex();
      if (beforeColon) {
        from = Optional.of(expr(e));
      } else {
        to = Optional.of(expr(e));
      }
    }
    return new Expr.Slice(from, to, Spans.of(file, slice.COLON()));
  }

  private Expr binary(Token op, PcgParser.ExprContext left, PcgParser.ExprContext right) {
    Expr.BinaryOp kind = binaryOp(op.getType());
    return new Expr.Binary(kind, expr(left), expr(right), Spans.of(file, op));
  }

  private static Expr.BinaryOp binaryOp(int type) {
    switch (type) {
      case PcgLexer.PLUS:
        return Expr.BinaryOp.ADD;
      case PcgLexer.MINUS:
        return Expr.BinaryOp.SUB;
      case PcgLexer.STAR:
        return Expr.BinaryOp.MUL;
      case PcgLexer.SLASH:
        return Expr.BinaryOp.DIV;
      case PcgLexer.AT:
        return Expr.BinaryOp.MATMUL;
      default:
        throw new IllegalStateException("not a binary operator: " + type);
    }
  }

  /** Number tokens were checked to fit a double before parsing. */
  private Expr.Num number(Token t) {
    return new Expr.Num(Double.parseDouble(t.getText()), t.getText(), Spans.of(file, t));
  }

  private Ident ident(TerminalNode node) {
    return new Ident(node.getText(), Spans.of(file, node));
  }
}
