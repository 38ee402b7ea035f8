package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics file and the plot of a run. */
class ReportTest {

  private static final List<EpochMetrics> HISTORY = List.of(
      new EpochMetrics(1, 1.5, 1.25, 0.75, 2.0, 300),
      new EpochMetrics(2, 0.625, 0.5, 0.8125, 1.5, 400));

  @TempDir
  Path dir;

  @Test
  void writesOneCsvLinePerEpoch() throws IOException {
    Path out = dir.resolve("run");
    Report.write(out, "test model", HISTORY);

    assertThat(Files.readAllLines(out.resolve("metrics.csv"))).containsExactly(
        "epoch,train_loss,test_loss,test_accuracy,seconds",
        "1,1.5,1.25,0.75,2.0",
        "2,0.625,0.5,0.8125,1.5");
  }

  @Test
  void drawsBothChartsSideBySideAsAPng() throws IOException {
    Path png = dir.resolve("plot.png");
    Report.writePlot(png, "test model", HISTORY);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(image.getHeight()).isEqualTo(440);
  }

  @Test
  void anEmptyRunHasNothingToPlot() {
    assertThatThrownBy(() -> Report.writePlot(dir.resolve("x.png"), "t", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
