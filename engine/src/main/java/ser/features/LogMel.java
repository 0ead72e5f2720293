package ser.features;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The CPU log-Mel front end: Hamming-windowed STFT → power → Mel filters → log(x + eps) →
 * per-utterance normalization. One instance per thread (it owns scratch buffers); the window and
 * filter bank are shared per configuration.
 */
public final class LogMel {
    private final LogMelConfig config;
    private final MelFilterBank filters;
    private final double[] window;
    private final DoubleFFT_1D fft;
    private final double[] frame;
    private final double[] power;

    public LogMel(LogMelConfig config) {
        this.config = config;
        this.filters = MelFilterBank.of(config);
        this.window = periodicHamming(config.winLength());
        this.fft = new DoubleFFT_1D(config.nFft());
        this.frame = new double[config.nFft()];
        this.power = new double[config.nFreqs()];
    }

    public LogMelConfig config() {
        return config;
    }

    /** Normalized log-Mel of a whole signal, {@code [frames][nMels]}. */
    public FeatureMatrix compute(float[] samples) {
        FeatureMatrix logMel = logMelOnly(samples);
        normalize(logMel.data(), logMel.frames(), config.nMels(), config.normalization());
        return logMel;
    }

    /** log(Mel power + eps) before normalization: the quantity compared with torchaudio. */
    public FeatureMatrix logMelOnly(float[] samples) {
        int frames = config.frameCount(samples.length);
        if (frames == 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "signal of %d samples (%.3f s) is shorter than one %d-sample analysis window",
                    samples.length, samples.length / (double) config.sampleRate(), config.winLength()));
        }
        int nMels = config.nMels();
        float[] out = new float[frames * nMels];
        int win = config.winLength();
        int nFft = config.nFft();
        for (int t = 0; t < frames; t++) {
            int start = t * config.hopLength();
            for (int i = 0; i < win; i++) {
                frame[i] = samples[start + i] * window[i];
            }
            Arrays.fill(frame, win, nFft, 0.0);
            fft.realForward(frame);
            powerSpectrum(frame, power, nFft);
            filters.apply(power, out, t * nMels);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.log(out[i] + config.logEps());
        }
        return new FeatureMatrix(frames, nMels, out);
    }

    /** Unpacks JTransforms' real-FFT layout: a[0]=Re0, a[1]=Re(n/2), a[2k]=Re k, a[2k+1]=Im k. */
    private static void powerSpectrum(double[] a, double[] power, int n) {
        power[0] = a[0] * a[0];
        power[n / 2] = a[1] * a[1];
        for (int k = 1; k < n / 2; k++) {
            power[k] = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
        }
    }

    static double[] periodicHamming(int length) {
        double[] w = new double[length];
        for (int i = 0; i < length; i++) {
            w[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / length);
        }
        return w;
    }

    static void normalize(float[] data, int frames, int bins, Normalization mode) {
        switch (mode) {
            case NONE -> { }
            case UTTERANCE -> standardize(data, 0, 1, data.length);
            case PER_BIN -> {
                for (int b = 0; b < bins; b++) {
                    standardize(data, b, bins, frames);
                }
            }
        }
    }

    /** Standardizes the {@code count} values at {@code offset, offset+stride, …} in place. */
    private static void standardize(float[] data, int offset, int stride, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += data[offset + i * stride];
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            double d = data[offset + i * stride] - mean;
            squares += d * d;
        }
        double scale = 1.0 / Math.max(Math.sqrt(squares / count), 1e-5);
        for (int i = 0; i < count; i++) {
            int j = offset + i * stride;
            data[j] = (float) ((data[j] - mean) * scale);
        }
    }

    /**
     * The model's fixed-size view: a window of {@code frames} rows starting at {@code offset}, with
     * rows past the end zero (the mean after normalization). Offsets come from the caller: the
     * centre for evaluation, random for training.
     */
    public static FeatureMatrix cropOrPad(FeatureMatrix m, int frames, int offset) {
        if (offset < 0 || (offset > 0 && offset + frames > m.frames())) {
            throw new IllegalArgumentException("crop of " + frames + " at " + offset + " outside " + m.frames() + " frames");
        }
        float[] out = new float[frames * m.bins()];
        int rows = Math.min(frames, m.frames() - offset);
        System.arraycopy(m.data(), offset * m.bins(), out, 0, rows * m.bins());
        return new FeatureMatrix(frames, m.bins(), out);
    }

    /** Offset of the centred crop of {@code frames} rows, 0 when the matrix is shorter. */
    public static int centreOffset(FeatureMatrix m, int frames) {
        return Math.max(0, (m.frames() - frames) / 2);
    }
}
