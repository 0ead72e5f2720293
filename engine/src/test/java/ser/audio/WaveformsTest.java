package ser.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WaveformsTest {
    @Test
    void standardizesOnlyTheSpanToZeroMeanAndUnitVariance() {
        Random random = new Random(3);
        float[] x = new float[16_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 + 0.02 * random.nextGaussian());
        }
        x[0] = 100; // outside the span: must not count
        float[] y = Waveforms.standardize(x, 1, x.length - 1);
        assertEquals(x.length - 2, y.length);
        double mean = 0;
        for (float v : y) {
            mean += v;
        }
        mean /= y.length;
        double variance = 0;
        for (float v : y) {
            variance += (v - mean) * (v - mean);
        }
        variance /= y.length;
        assertEquals(0, mean, 1e-5);
        assertEquals(1, variance, 1e-5);
        assertEquals((x[1] - 0.1) / 0.02, y[0], 0.1, "the first sample keeps its place and roughly its z-score");
    }

    @Test
    void aConstantSignalBecomesZerosRatherThanDividingByZero() {
        float[] x = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
        assertArrayEquals(new float[5], Waveforms.standardize(x, 0, 5));
    }
}
