package ser.features;

import ser.kernels.Normalization;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.NpyReader;

class LogMelTest {
    private static final LogMelConfig CONFIG = LogMelConfig.DEFAULT;

    private static float[] tone(double hz, int samples) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / 16_000);
        }
        return x;
    }

    @Test
    void frameCountFollowsWindowAndHop() {
        assertEquals(0, CONFIG.frameCount(399));
        assertEquals(1, CONFIG.frameCount(400));
        assertEquals(1, CONFIG.frameCount(559));
        assertEquals(2, CONFIG.frameCount(560));
        assertEquals(298, CONFIG.frameCount(48_000));
        assertEquals(298, new LogMel(CONFIG).compute(tone(440, 48_000)).frames());
    }

    @Test
    void signalShorterThanOneWindowIsRejectedWithItsLength() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LogMel(CONFIG).compute(new float[399]));
        assertTrue(e.getMessage().contains("399 samples"), e.getMessage());
    }

    @Test
    void toneEnergyPeaksInTheMelBinHoldingItsFrequency() {
        FeatureMatrix m = new LogMel(CONFIG).logMelOnly(tone(1000, 16_000));
        float[][] bank = MelFilterBank.of(CONFIG).dense();
        int bin1k = 1000 * 512 / 16_000; // FFT bin 32
        int expected = 0;
        for (int b = 1; b < CONFIG.nMels(); b++) {
            expected = bank[b][bin1k] > bank[expected][bin1k] ? b : expected;
        }
        for (int t = 0; t < m.frames(); t++) {
            int best = 0;
            for (int b = 1; b < m.bins(); b++) {
                best = m.get(t, b) > m.get(t, best) ? b : best;
            }
            assertEquals(expected, best, "frame " + t);
        }
    }

    @Test
    void utteranceNormalizationGivesZeroMeanUnitVariance() {
        FeatureMatrix m = new LogMel(CONFIG).compute(tone(300, 20_000));
        double sum = 0;
        double squares = 0;
        for (float v : m.data()) {
            sum += v;
            squares += v * v;
        }
        int n = m.data().length;
        assertEquals(0, sum / n, 1e-5);
        assertEquals(1, squares / n, 1e-4);
    }

    @Test
    void cropOrPadCropsAtTheOffsetAndPadsWithZeros() {
        float[] data = new float[5 * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i + 1;
        }
        var m = new FeatureMatrix(5, 2, data);
        assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8}, LogMel.cropOrPad(m, 3, 1).data());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0}, LogMel.cropOrPad(m, 7, 0).data());
        assertEquals(1, LogMel.centreOffset(m, 3));
        assertEquals(0, LogMel.centreOffset(m, 7));
        assertThrows(IllegalArgumentException.class, () -> LogMel.cropOrPad(m, 3, 3));
    }

    @Test
    void npyRoundTripsShapeAndValues(@TempDir Path dir) throws IOException {
        FeatureMatrix m = new LogMel(CONFIG).compute(tone(500, 8_000));
        Path file = dir.resolve("x.npy");
        Npy.write(m, file);
        NpyReader back = NpyReader.read(file);
        assertArrayEquals(new int[] {m.frames(), m.bins()}, back.shape());
        assertArrayEquals(m.data(), back.data());
    }

    @Test
    void invalidConfigurationsAreRefused() {
        var d = CONFIG;
        assertThrows(IllegalArgumentException.class, () -> new LogMelConfig(d.sampleRate(), 400, 160, 300, 64, 0, 8000,
                MelScale.SLANEY, 1e-6, Normalization.NONE, 300));
        assertThrows(IllegalArgumentException.class, () -> new LogMelConfig(d.sampleRate(), 400, 160, 512, 64, 0, 9000,
                MelScale.SLANEY, 1e-6, Normalization.NONE, 300));
    }
}
