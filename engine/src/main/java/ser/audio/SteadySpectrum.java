package ser.audio;

import java.util.Arrays;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * How still the spectrum holds: every {@link #STEP} samples, the magnitude spectrum of the last
 * {@link #FRAME} samples and its cosine similarity with the spectrum {@link #LAG} steps (100 ms) before.
 *
 * <p>A voice never holds still for long: its pitch and formants move within a syllable, and noise has a
 * periodogram that changes from frame to frame (two frames of white noise are about 0.79 alike). Tones
 * (a test tone, DTMF, ring-back, mains hum) give the same spectrum frame after frame, at any loudness,
 * so a similarity near 1 held for long (VoiceActivity says how long) marks a sound that is not speech.
 * Analysis frames start on multiples of {@code STEP}: five of the voice detector's default 10 ms hops, whose
 * 25 ms frames they match; with other settings it takes the detector's frame that starts nearest.
 */
final class SteadySpectrum implements SampleSink {
    static final int FRAME = 400;
    static final int STEP = 800;
    static final int LAG = 2;
    private static final int N_FFT = 512;

    /** Hann, shared: it is the same for every file and never written after it is made. */
    private static final float[] WINDOW = hann(FRAME);

    private final FloatFFT_1D fft = new FloatFFT_1D(N_FFT);
    private final float[] recent = new float[FRAME];
    private final float[] scratch = new float[N_FFT];
    /** The last LAG + 1 spectra, oldest overwritten. */
    private final float[][] spectra = new float[LAG + 1][N_FFT / 2 + 1];
    private int next;
    private int untilFrame = FRAME;
    private int steps;
    private float[] similarity = new float[256];

    private static float[] hann(int length) {
        float[] w = new float[length];
        for (int i = 0; i < length; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / length));
        }
        return w;
    }

    @Override
    public void accept(float[] samples, int count) {
        for (int i = 0; i < count; i++) {
            recent[next] = samples[i];
            next = next + 1 == FRAME ? 0 : next + 1;
            if (--untilFrame == 0) {
                endFrame();
                untilFrame = STEP;
            }
        }
    }

    private void endFrame() {
        for (int i = 0; i < FRAME; i++) { // the oldest sample sits where the next one goes
            int at = next + i < FRAME ? next + i : next + i - FRAME;
            scratch[i] = recent[at] * WINDOW[i];
        }
        Arrays.fill(scratch, FRAME, N_FFT, 0f);
        fft.realForward(scratch);
        float[] spectrum = spectra[steps % (LAG + 1)];
        spectrum[0] = Math.abs(scratch[0]);
        spectrum[N_FFT / 2] = Math.abs(scratch[1]);
        for (int k = 1; k < N_FFT / 2; k++) {
            float re = scratch[2 * k];
            float im = scratch[2 * k + 1];
            spectrum[k] = (float) Math.sqrt(re * re + im * im); // not hypot: its overflow guard costs, and audio cannot overflow
        }
        if (steps == similarity.length) {
            similarity = Arrays.copyOf(similarity, steps * 2);
        }
        similarity[steps] = steps < LAG ? 0f : cosine(spectrum, spectra[(steps - LAG) % (LAG + 1)]);
        steps++;
    }

    private static float cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = 0; k < a.length; k++) {
            ab += a[k] * b[k];
            aa += a[k] * a[k];
            bb += b[k] * b[k];
        }
        return aa == 0 || bb == 0 ? 0f : (float) (ab / Math.sqrt(aa * bb));
    }

    /** Analysis frames so far; frame {@code s} covers samples {@code [s * STEP, s * STEP + FRAME)}. */
    int steps() {
        return steps;
    }

    /** Frame {@code s}'s similarity with frame {@code s - LAG}; 0 for the first LAG frames and for silence. */
    float similarity(int step) {
        return similarity[step];
    }
}
