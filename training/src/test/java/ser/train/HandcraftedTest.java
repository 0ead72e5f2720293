package ser.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import ser.features.LogMelConfig;

class HandcraftedTest {
    /** Index of the voiced share; log-F0 mean follows it (see the class comment's order). */
    private static final int VOICED_SHARE = 58;
    private static final int LOG_F0_MEAN = 59;
    private static final int LOG_F0_STD = 60;

    private static float[] harmonic(double f0, int samples) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            double t = i / 16_000.0;
            for (int k = 1; k <= 10; k++) {
                x[i] += (float) (Math.sin(2 * Math.PI * k * f0 * t) / k);
            }
        }
        return x;
    }

    @Test
    void pitchOfAHarmonicToneIsFound() {
        for (double f0 : new double[] {110, 150, 240}) {
            float[] v = Handcrafted.of(harmonic(f0, 16_000), LogMelConfig.DEFAULT);
            assertEquals(Handcrafted.SIZE, v.length);
            assertTrue(v[VOICED_SHARE] > 0.95, "voiced share " + v[VOICED_SHARE]);
            assertEquals(Math.log(f0), v[LOG_F0_MEAN], 0.03, "log F0 of " + f0 + " Hz");
            assertTrue(v[LOG_F0_STD] < 0.03, "steady pitch, deviation " + v[LOG_F0_STD]);
        }
    }

    @Test
    void whiteNoiseIsMostlyUnvoicedAndEveryFeatureIsFinite() {
        Random r = new Random(1);
        float[] x = new float[16_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] v = Handcrafted.of(x, LogMelConfig.DEFAULT);
        assertTrue(v[VOICED_SHARE] < 0.2, "voiced share of noise " + v[VOICED_SHARE]);
        for (int i = 0; i < v.length; i++) {
            assertTrue(Float.isFinite(v[i]), "feature " + i);
        }
    }

    @Test
    void zeroCrossingsRiseWithFrequency() {
        float[] low = Handcrafted.of(harmonic(100, 8_000), LogMelConfig.DEFAULT);
        float[] noise = new float[8_000];
        Random r = new Random(2);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) r.nextGaussian();
        }
        float[] high = Handcrafted.of(noise, LogMelConfig.DEFAULT);
        int zcrMean = 56;
        assertTrue(high[zcrMean] > 3 * low[zcrMean], "ZCR noise " + high[zcrMean] + " vs tone " + low[zcrMean]);
    }
}
