package ser.features;

import ser.kernels.Normalization;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import ser.testing.NpyReader;
import ser.testing.TestData;

/**
 * Our CPU log-Mel against torchaudio 0.13's MelSpectrogram, from fixtures written once by
 * {@code scripts/make_logmel_golden.py}. torchaudio runs in float32, we accumulate in double, so
 * log energies agree to float32 rounding: measured worst 4e-5, asserted 1e-4, on values of order 1..20.
 */
class LogMelGoldenTest {
    private static final double LOG_TOLERANCE = 1e-4;

    private static LogMelConfig config(MelScale scale, Normalization normalization) {
        var d = LogMelConfig.DEFAULT;
        return new LogMelConfig(d.sampleRate(), d.winLength(), d.hopLength(), d.nFft(), d.nMels(), d.fMin(), d.fMax(),
                scale, d.logEps(), normalization, d.fixedFrames());
    }

    private static float[] signal() throws IOException {
        return NpyReader.read(TestData.resource("golden/signal.npy")).data();
    }

    private static void assertMatches(String fixture, FeatureMatrix actual, double tolerance) throws IOException {
        NpyReader expected = NpyReader.read(TestData.resource("golden/" + fixture));
        assertArrayEquals(new int[] {actual.frames(), actual.bins()}, expected.shape(), "shape of " + fixture);
        double worst = 0;
        for (int i = 0; i < expected.data().length; i++) {
            worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
        }
        assertEquals(0, worst, tolerance, fixture + ": largest difference");
    }

    @Test
    void filterBankMatchesTorchaudioSlaney() throws IOException {
        NpyReader expected = NpyReader.read(TestData.resource("golden/fbank_slaney.npy"));
        float[][] dense = MelFilterBank.of(config(MelScale.SLANEY, Normalization.NONE)).dense();
        assertArrayEquals(new int[] {64, 257}, expected.shape());
        for (int m = 0; m < 64; m++) {
            for (int k = 0; k < 257; k++) {
                assertEquals(expected.data()[m * 257 + k], dense[m][k], 1e-6, "filter " + m + " bin " + k);
            }
        }
    }

    @Test
    void logMelMatchesTorchaudioSlaney() throws IOException {
        var logMel = new LogMel(config(MelScale.SLANEY, Normalization.NONE));
        assertMatches("logmel_slaney.npy", logMel.logMelOnly(signal()), LOG_TOLERANCE);
    }

    @Test
    void logMelMatchesTorchaudioHtk() throws IOException {
        var logMel = new LogMel(config(MelScale.HTK, Normalization.NONE));
        assertMatches("logmel_htk.npy", logMel.logMelOnly(signal()), LOG_TOLERANCE);
    }

    @Test
    void utteranceNormalizationMatchesNumpy() throws IOException {
        var logMel = new LogMel(config(MelScale.SLANEY, Normalization.UTTERANCE));
        assertMatches("logmel_slaney_utterance.npy", logMel.compute(signal()), LOG_TOLERANCE);
    }

    @Test
    void perBinNormalizationMatchesNumpy() throws IOException {
        var logMel = new LogMel(config(MelScale.SLANEY, Normalization.PER_BIN));
        assertMatches("logmel_slaney_per_bin.npy", logMel.compute(signal()), LOG_TOLERANCE);
    }
}
