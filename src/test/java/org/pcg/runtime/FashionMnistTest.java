package org.pcg.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Fashion-MNIST files of the Debian package, when installed. */
class FashionMnistTest {

  private static FashionMnist data;

  @BeforeAll
  static void load() {
    assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
        "dataset-fashion-mnist is not installed");
    data = FashionMnist.load();
  }

  @Test
  void hasTheDocumentedSizesAndShapes() {
    assertThat(data.train().size()).isEqualTo(60000);
    assertThat(data.test().size()).isEqualTo(10000);
    assertThat(data.train().sampleShape()).containsExactly(28, 28);
    assertThat(data.train().featureCount()).isEqualTo(784);
    assertThat(data.train().numClasses()).isEqualTo(10);
  }

  @Test
  void firstTrainingImageIsAnAnkleBoot() {
    // Label 9 is "ankle boot".
    assertThat(data.train().label(0)).isEqualTo(9);
  }

  @Test
  void pixelsSpanZeroToOne() {
    Dataset train = data.train();
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int s = 0; s < 1000; s++) {
      for (int f = 0; f < train.featureCount(); f++) {
        min = Math.min(min, train.feature(s, f));
        max = Math.max(max, train.feature(s, f));
      }
    }
    assertThat(min).isEqualTo(0.0);
    assertThat(max).isEqualTo(1.0);
  }

  @Test
  void everyClassOccursEquallyOftenInTraining() {
    int[] counts = new int[10];
    for (int s = 0; s < data.train().size(); s++) {
      counts[data.train().label(s)]++;
    }
    assertThat(counts).containsOnly(6000);
  }

  @Test
  void aMissingDirectorySaysHowToInstall(@TempDir Path tmp) {
    Path missing = tmp.resolve("nowhere");
    assertThatThrownBy(() -> FashionMnist.load(missing))
        .isInstanceOf(DataException.class)
        .hasMessageEndingWith("install with `sudo apt-get install dataset-fashion-mnist` "
            + "(or pass --data DIR)");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path tmp) {
    assertThatThrownBy(() -> FashionMnist.load(tmp))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("train-images-idx3-ubyte.gz: no such file");
  }
}
