package org.pcg.runtime;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the record of a training run: {@code metrics.csv}, one row per epoch, and
 * {@code metrics.png}, loss and test accuracy per epoch side by side. Both files are written
 * atomically. Drawing needs no display: the JVM is put in headless mode.
 */
public final class Report {

  static {
    // Must happen before AWT initialises; without it a server with no display fails to draw.
    System.setProperty("java.awt.headless", "true");
  }

  public static final String CSV_HEADER = "epoch,train_loss,test_loss,test_accuracy,seconds";

  private static final int CHART_WIDTH = 640;
  private static final int CHART_HEIGHT = 440;

  private Report() {}

  /** Writes {@code metrics.csv} and {@code metrics.png} into {@code dir}, creating it. */
  public static void write(Path dir, String title, List<EpochMetrics> history) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw DataException.io(dir, e);
    }
    writeCsv(dir.resolve("metrics.csv"), history);
    writePlot(dir.resolve("metrics.png"), title, history);
  }

  /** One header line, then one line per epoch; numbers in full precision, '.' decimals. */
  public static void writeCsv(Path file, List<EpochMetrics> history) {
    AtomicFiles.write(file, out -> {
      try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
        w.write(CSV_HEADER + "\n");
        for (EpochMetrics m : history) {
          w.write(m.epoch() + "," + m.trainLoss() + "," + m.testLoss() + ","
              + m.testAccuracy() + "," + m.seconds() + "\n");
        }
      }
    });
  }

  /** Draws loss (train and test) and test accuracy against the epoch, as one PNG. */
  public static void writePlot(Path file, String title, List<EpochMetrics> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("no epochs to plot");
    }
    double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    XYChart loss = chart(title + ": loss", "mean loss per sample");
    // Left to itself XChart prints all 16 digits of a tick when the range is narrow.
    loss.getStyler().setYAxisDecimalPattern("0.####");
    addSeries(loss, "train (mean over the epoch)", epochs,
        history.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
    addSeries(loss, "test (after the epoch)", epochs,
        history.stream().mapToDouble(EpochMetrics::testLoss).toArray());

    XYChart accuracy = chart(title + ": test accuracy", "accuracy");
    // Accuracy rises, so the lower right corner is the one its curve leaves free.
    accuracy.getStyler().setYAxisDecimalPattern("0.0%")
        .setLegendPosition(LegendPosition.InsideSE);
    addSeries(accuracy, "test", epochs,
        history.stream().mapToDouble(EpochMetrics::testAccuracy).toArray());

    AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2,
        out, BitmapEncoder.BitmapFormat.PNG));
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
        .title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
    chart.getStyler()
        .setLegendPosition(LegendPosition.InsideNE)
        .setChartBackgroundColor(Color.WHITE)
        .setPlotBackgroundColor(Color.WHITE)
        .setPlotBorderColor(Color.GRAY)
        .setLegendBorderColor(Color.LIGHT_GRAY)
        .setMarkerSize(7);
    chart.getStyler().setPlotGridLinesColor(new Color(0xe4e4e4))
        .setPlotGridLinesStroke(new BasicStroke(1f))
        // Epochs are whole numbers: leave any fractional tick the axis picks unlabelled.
        .setxAxisTickLabelsFormattingFunction(x -> x == Math.rint(x)
            ? Long.toString(x.longValue()) : "");
    return chart;
  }

  private static void addSeries(XYChart chart, String name, double[] x, double[] y) {
    chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
  }
}
