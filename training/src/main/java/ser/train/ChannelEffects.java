package ser.train;

import java.util.Random;

/**
 * What the line and the room do to speech in real archives, for augmentation: a telephone channel
 * (the 300–3400 Hz band of narrowband telephony, 4th-order Butterworth edges, G.711 μ-law at 8 bits, and nothing left
 * above the 4 kHz that a line sampled at 8 kHz can carry) and a reverberant room
 * (Schroeder's reverberator: four parallel feedback combs and two all-passes, tuned to a reverberation
 * time RT60, mixed with the direct sound). Cheap filters, one pass over the samples each: IIR sections, and for the
 * line one linear-phase FIR.
 */
final class ChannelEffects {
    private static final double TELEPHONE_LOW_HZ = 300;
    private static final double TELEPHONE_HIGH_HZ = 3400;
    private static final double MU = 255;
    /** G.711 samples at 8 kHz: a real line carries nothing above 4 kHz, and its μ-law noise stays below that too. */
    private static final double LINE_NYQUIST_HZ = 4000;
    /**
     * The low-pass that stands in for the line's 8 kHz round trip: a Blackman-windowed sinc centred 200 Hz below the
     * line's Nyquist frequency, whose transition (about 5.5 / taps of the sampling rate, kept at 345 Hz by taps that
     * grow with the rate) ends just short of it, 74 dB down. Without it (the Butterworth edges and μ-law at
     * 16 kHz) a RAVDESS clip kept 4.5–7.8 kHz 37 dB below its 0.3–3.4 kHz, where FFmpeg's 8 kHz copy leaves it 66 dB
     * below ({@code docs/runs/codec-copies.txt}): training never saw the empty upper band of a real line.
     */
    private static final double LINE_TRANSITION_HZ = 345;
    private static final double BLACKMAN_TRANSITION_TAPS = 5.5;
    private static final double LINE_CUTOFF_HZ = LINE_NYQUIST_HZ - 200;
    /** The two sections' Q of a 4th-order Butterworth: 1 / (2 cos(π/8)) and 1 / (2 cos(3π/8)). */
    private static final double[] BUTTERWORTH_4_Q = {0.5 / Math.cos(Math.PI / 8), 0.5 / Math.cos(3 * Math.PI / 8)};
    /** Schroeder's comb and all-pass delays (ms), spread so that the combs' echoes rarely coincide. */
    private static final double[] COMB_MS = {29.7, 37.1, 41.1, 43.7};
    private static final double[] ALLPASS_MS = {5.0, 1.7};
    private static final double ALLPASS_GAIN = 0.7;

    private ChannelEffects() {
    }

    /**
     * A telephone line: the band 300–3400 Hz (each edge a 4th-order Butterworth, as two sections), μ-law at 8 bits,
     * then, above 8 kHz sampling, nothing past 4 kHz (the speech's residue and μ-law's noise both). Below 6.8 kHz
     * sampling there is nothing above the band to remove.
     */
    static float[] telephone(float[] x, int sampleRate) {
        double[] y = doubles(x);
        for (double q : BUTTERWORTH_4_Q) {
            Biquad.highPass(TELEPHONE_LOW_HZ, q, sampleRate).apply(y);
            if (sampleRate > 2 * TELEPHONE_HIGH_HZ) {
                Biquad.lowPass(TELEPHONE_HIGH_HZ, q, sampleRate).apply(y);
            }
        }
        double peak = 1e-9;
        for (double v : y) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = muLaw(y[i] / peak) * peak;
        }
        if (sampleRate <= 2 * LINE_NYQUIST_HZ) {
            return floats(y);
        }
        int taps = (int) Math.round(BLACKMAN_TRANSITION_TAPS * sampleRate / LINE_TRANSITION_HZ) | 1; // 255 at 16 kHz
        return floats(lowPass(y, LINE_CUTOFF_HZ, taps, sampleRate));
    }

    /** {@code x} through a linear-phase Blackman-windowed sinc of {@code taps} (odd), aligned: no delay, same length. */
    static double[] lowPass(double[] x, double hz, int taps, int sampleRate) {
        int half = taps / 2;
        double[] h = new double[taps];
        double sum = 0;
        for (int k = 0; k < taps; k++) {
            double n = k - half;
            double sinc = n == 0 ? 2 * hz / sampleRate : Math.sin(2 * Math.PI * hz * n / sampleRate) / (Math.PI * n);
            double phase = 2 * Math.PI * k / (taps - 1);
            h[k] = sinc * (0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase));
            sum += h[k];
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double acc = 0;
            for (int k = Math.max(0, half - i), last = Math.min(taps, x.length + half - i); k < last; k++) {
                acc += h[k] * x[i + k - half];
            }
            y[i] = acc / sum; // unit gain at 0 Hz
        }
        return y;
    }

    /** μ-law companding at 8 bits (256 levels) of a value in [-1, 1], as G.711 codes it. */
    static double muLaw(double v) {
        double compressed = Math.signum(v) * Math.log1p(MU * Math.abs(v)) / Math.log1p(MU);
        double quantized = Math.round((compressed + 1) * 127.5) / 127.5 - 1;
        return Math.signum(quantized) * Math.expm1(Math.abs(quantized) * Math.log1p(MU)) / MU;
    }

    /**
     * A room: the reverberant tail at {@code rt60} seconds mixed {@code wetDb} dB relative to the direct
     * sound's power, the same length as {@code x} (the tail past its end is cut, as a recording is).
     */
    static float[] room(float[] x, int sampleRate, double rt60, double wetDb) {
        double[] wet = new double[x.length];
        for (double ms : COMB_MS) {
            int delay = (int) Math.round(ms * sampleRate / 1000);
            double gain = Math.pow(10, -3.0 * delay / (rt60 * sampleRate)); // -60 dB after rt60
            double[] line = new double[delay];
            for (int i = 0; i < x.length; i++) {
                int at = i % delay;
                double out = line[at];
                line[at] = x[i] + gain * out;
                wet[i] += out;
            }
        }
        for (double ms : ALLPASS_MS) {
            int delay = (int) Math.round(ms * sampleRate / 1000);
            double[] line = new double[delay];
            for (int i = 0; i < wet.length; i++) {
                int at = i % delay;
                double delayed = line[at];
                double in = wet[i];
                line[at] = in + ALLPASS_GAIN * delayed;
                wet[i] = delayed - ALLPASS_GAIN * line[at];
            }
        }
        double scale = Math.sqrt(power(doubles(x)) / Math.max(power(wet), 1e-20) * Math.pow(10, wetDb / 10));
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] + scale * wet[i]);
        }
        return out;
    }

    /** One of the two, at random, with the room's RT60 in [0.2, 0.8] s and its tail 10 dB below to 3 dB above the direct sound. */
    static float[] any(float[] x, int sampleRate, Random random) {
        return random.nextBoolean() ? telephone(x, sampleRate)
                : room(x, sampleRate, 0.2 + 0.6 * random.nextDouble(), -10 + 13 * random.nextDouble());
    }

    private static float[] floats(double[] y) {
        float[] x = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = (float) y[i];
        }
        return x;
    }

    private static double[] doubles(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i];
        }
        return y;
    }

    private static double power(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        return sum / Math.max(1, x.length);
    }

    /** A 2nd-order section (Bristow-Johnson's cookbook) in direct form I. */
    private record Biquad(double b0, double b1, double b2, double a1, double a2) {

        static Biquad lowPass(double hz, double q, int sampleRate) {
            double w = 2 * Math.PI * hz / sampleRate;
            double alpha = Math.sin(w) / (2 * q);
            double cos = Math.cos(w);
            double a0 = 1 + alpha;
            return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        static Biquad highPass(double hz, double q, int sampleRate) {
            double w = 2 * Math.PI * hz / sampleRate;
            double alpha = Math.sin(w) / (2 * q);
            double cos = Math.cos(w);
            double a0 = 1 + alpha;
            return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
        }

        void apply(double[] y) {
            double x1 = 0;
            double x2 = 0;
            double y1 = 0;
            double y2 = 0;
            for (int i = 0; i < y.length; i++) {
                double x0 = y[i];
                double out = b0 * x0 + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                x2 = x1;
                x1 = x0;
                y2 = y1;
                y1 = out;
                y[i] = out;
            }
        }
    }
}
