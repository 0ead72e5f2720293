package ser.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelEffectsTest {
    private static final int RATE = 16_000;

    private static float[] tone(double hz, int samples) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /** Power in dB of the second half (past the filters' transient). */
    private static double db(float[] x) {
        double sum = 0;
        for (int i = x.length / 2; i < x.length; i++) {
            sum += (double) x[i] * x[i];
        }
        return 10 * Math.log10(sum / (x.length - x.length / 2));
    }

    @Test
    void theTelephoneLineKeepsTheVoiceBandAndRemovesWhatLiesOutsideIt() {
        // Each tone alone, so μ-law's peak normalization sees the tone; the gain is relative to the input.
        double[] hz = {60, 1_000, 2_000, 6_000};
        double[] gain = new double[hz.length];
        for (int k = 0; k < hz.length; k++) {
            float[] x = tone(hz[k], RATE);
            gain[k] = db(ChannelEffects.telephone(withReference(x), RATE)) - db(withReference(x));
        }
        // A 4th-order Butterworth each side: the analog power response is 1 / (1 + (f/fc)^8) per side (-56 dB at
        // 60 Hz, -0.1 dB at 2 kHz); μ-law adds about 38 dB SNR of noise. 6 kHz lies past the line's 4 kHz: only
        // μ-law's noise below 4 kHz is left of it (-73 dB; -39 dB with the Butterworth edge alone).
        assertTrue(gain[0] < -40, "60 Hz: " + gain[0] + " dB");
        assertEquals(analogDb(1_000), gain[1], 0.3, "1 kHz");
        assertEquals(analogDb(2_000), gain[2], 0.3, "2 kHz");
        assertEquals(-3.0, db(ChannelEffects.telephone(withReference(tone(3_400, RATE)), RATE)) - db(withReference(tone(3_400, RATE))),
                0.6, "3.4 kHz: the Butterworth edge is 3 dB down (the bilinear transform warps it a little)");
        assertTrue(gain[3] < -50, "6 kHz: " + gain[3] + " dB");
    }

    @Test
    void nothingIsLeftAboveTheFourKilohertzThatAnEightKilohertzLineCarries() {
        // White noise fills the whole band; a real line (8 kHz G.711, as FFmpeg copies real clips: 66 dB down at
        // 4.5–7.8 kHz) leaves the band above 4 kHz empty, μ-law's own noise included. The 4th-order edge at
        // 3.4 kHz and μ-law at 16 kHz alone leave it 23 dB down.
        float[] noise = whiteNoise(RATE, 7);
        float[] line = ChannelEffects.telephone(noise, RATE);
        double voice = meanPowerDb(line, 500, 3_000, RATE);
        double above = meanPowerDb(line, 4_300, 7_800, RATE);
        assertTrue(above - voice < -60, "4.3–7.8 kHz against 0.5–3 kHz: " + (above - voice) + " dB");
        assertTrue(meanPowerDb(line, 3_950, 4_000, RATE) - voice < -45, "the transition ends by 4 kHz");
        // The Blackman window's sidelobes are 74 dB down; a Hann or Hamming window's (about 56 dB) would show here.
        double loudestPast = maxBinDb(line, 3_975, 8_000, RATE) - voice;
        assertTrue(loudestPast < -70, "loudest bin past 3,975 Hz: " + loudestPast + " dB");
        assertEquals(0, meanPowerDb(line, 1_000, 2_000, RATE) - meanPowerDb(noise, 1_000, 2_000, RATE), 1.0,
                "the voice band passes");
    }

    @Test
    void theLinesLowPassIsAlignedAndKeepsTheLength() {
        int taps = 255;
        double[] impulse = new double[1_000];
        impulse[500] = 1;
        double[] response = ChannelEffects.lowPass(impulse, 3_800, taps, RATE);
        assertEquals(impulse.length, response.length);
        int peak = 0;
        for (int i = 0; i < response.length; i++) {
            peak = Math.abs(response[i]) > Math.abs(response[peak]) ? i : peak;
        }
        assertEquals(500, peak, "no delay: the kernel's centre lands on the impulse");
        for (int d = 1; d <= taps / 2; d++) {
            assertEquals(response[500 - d], response[500 + d], 1e-15, "linear phase: symmetric about the impulse at ±" + d);
        }
        assertEquals(0, response[500 - taps / 2 - 1], 0, "nothing before the kernel's first tap");
        assertEquals(0, response[500 + taps / 2 + 1], 0, "nothing after its last");
        // Blackman's window is zero at its two ends; the taps next to them are the outermost that weigh.
        assertTrue(Math.abs(response[500 - taps / 2 + 1]) > 1e-9 && Math.abs(response[500 + taps / 2 - 1]) > 1e-9,
                "the kernel's whole width is used");

        double[] constant = new double[1_000];
        Arrays.fill(constant, 0.25);
        double[] flat = ChannelEffects.lowPass(constant, 3_800, taps, RATE);
        assertEquals(0.25, flat[500], 1e-12, "unit gain at 0 Hz");
        assertTrue(flat[0] < 0.25 && flat[0] > 0.1, "the edges are zero-padded, not wrapped: " + flat[0]);
    }

    @Test
    void atFortyEightKilohertzTheLineIsAsEmptyAboveFourKilohertz() {
        int rate = 48_000;
        float[] line = ChannelEffects.telephone(whiteNoise(rate, 9), rate);
        double voice = meanPowerDb(line, 500, 3_000, rate);
        assertTrue(maxBinDb(line, 3_975, 20_000, rate) - voice < -70, "the taps grow with the rate, the transition does not");
    }

    /** One second at {@code rate} of Gaussian white noise, 0.3 RMS: the whole band filled. */
    private static float[] whiteNoise(int rate, long seed) {
        Random random = new Random(seed);
        float[] noise = new float[rate];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.3 * random.nextGaussian());
        }
        return noise;
    }

    /** Mean power (dB) of Hann-windowed DFT bins of the middle {@value #SEGMENT} samples from {@code fromHz} to {@code toHz}. */
    private static double meanPowerDb(float[] x, double fromHz, double toHz, int rate) {
        double[] bins = binPowers(x, fromHz, toHz, rate);
        return 10 * Math.log10(Arrays.stream(bins).sum() / bins.length);
    }

    /** The loudest of those bins (dB), on the same scale as {@link #meanPowerDb}. */
    private static double maxBinDb(float[] x, double fromHz, double toHz, int rate) {
        return 10 * Math.log10(Arrays.stream(binPowers(x, fromHz, toHz, rate)).max().orElseThrow());
    }

    private static double[] binPowers(float[] x, double fromHz, double toHz, int rate) {
        int start = (x.length - SEGMENT) / 2;
        int first = (int) Math.ceil(fromHz * SEGMENT / rate);
        double[] power = new double[(int) (toHz * SEGMENT / rate) - first + 1];
        for (int b = 0; b < power.length; b++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < SEGMENT; n++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / SEGMENT);
                double angle = 2 * Math.PI * (first + b) * n / SEGMENT;
                re += w * x[start + n] * Math.cos(angle);
                im -= w * x[start + n] * Math.sin(angle);
            }
            power[b] = re * re + im * im;
        }
        return power;
    }

    private static final int SEGMENT = 4096;

    private static double analogDb(double hz) {
        double low = Math.pow(300 / hz, 8);
        double high = Math.pow(hz / 3_400, 8);
        return -10 * Math.log10(1 + low) - 10 * Math.log10(1 + high);
    }

    /** A 1 kHz reference under the test tone, so that the μ-law peak does not rescale a filtered-out tone. */
    private static float[] withReference(float[] x) {
        float[] y = x.clone();
        for (int i = 0; i < RATE / 10; i++) {
            y[i] += (float) Math.sin(2 * Math.PI * 1_000 * i / RATE);
        }
        return y;
    }

    @Test
    void muLawHasTwoHundredAndFiftySixLevelsAndSmallErrorsNearZero() {
        Set<Double> levels = new HashSet<>();
        for (int i = -10_000; i <= 10_000; i++) {
            levels.add(ChannelEffects.muLaw(i / 10_000.0));
        }
        assertTrue(levels.size() <= 256 && levels.size() >= 250, levels.size() + " levels");
        assertEquals(0.001, ChannelEffects.muLaw(0.001), 0.0005, "fine steps near zero");
        assertEquals(0.9, ChannelEffects.muLaw(0.9), 0.03, "coarse steps near full scale");
    }

    @Test
    void theRoomsTailDecaysBySixtyDecibelsPerReverberationTime() {
        float[] impulse = new float[RATE];
        impulse[0] = 1;
        double rt60 = 0.5;
        float[] response = ChannelEffects.room(impulse, RATE, rt60, 0);
        double early = energyDb(response, 0.05, 0.10);
        double late = energyDb(response, 0.30, 0.35);
        double expected = 60 * (0.30 - 0.05) / rt60; // 30 dB
        assertEquals(expected, early - late, 5, "decay from 50–100 ms to 300–350 ms");
        assertEquals(1f, response[0], 1e-6f, "the direct sound is kept");
        assertEquals(impulse.length, response.length);
    }

    @Test
    void anyIsOneOfTheTwoAndKeepsTheLength() {
        float[] x = tone(500, 8_000);
        Random random = new Random(4);
        for (int i = 0; i < 6; i++) {
            float[] y = ChannelEffects.any(x, RATE, random);
            assertEquals(x.length, y.length);
            for (float v : y) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void aConfigurationWrittenBeforeChannelEffectsReadsThemAsOff() throws Exception {
        String before = "{\"noise_probability\":0.5,\"min_snr_db\":5.0,\"max_snr_db\":30.0,\"speed_factors\":[0.9,1.0,1.1],"
                + "\"time_masks\":2,\"max_time_mask\":25,\"freq_masks\":2,\"max_freq_mask\":8}";
        Augmentation read = ser.io.JsonFiles.MAPPER.readValue(before, Augmentation.class);
        assertEquals(Augmentation.DEFAULT, read);
        assertEquals(0.0, read.channelProbability());
    }

    private static double energyDb(float[] x, double fromS, double toS) {
        double sum = 0;
        for (int i = (int) (fromS * RATE); i < (int) (toS * RATE); i++) {
            sum += (double) x[i] * x[i];
        }
        return 10 * Math.log10(sum);
    }
}
