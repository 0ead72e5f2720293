package ser.features;

import ser.kernels.LogMelCpu;

/**
 * The CPU log-Mel front end: Hamming-windowed STFT → power → Mel filters → log(x + eps) →
 * per-utterance normalization, computed by the kernels' CPU twin ({@link LogMelCpu}) from the spec this
 * configuration builds. One instance per thread (the twin owns scratch buffers).
 */
public final class LogMel {
    private final LogMelConfig config;
    private final LogMelCpu twin;

    public LogMel(LogMelConfig config) {
        this.config = config;
        this.twin = new LogMelCpu(config.melSpec());
    }

    public LogMelConfig config() {
        return config;
    }

    /** Normalized log-Mel of a whole signal, {@code [frames][nMels]}. */
    public FeatureMatrix compute(float[] samples) {
        FeatureMatrix logMel = logMelOnly(samples);
        LogMelCpu.normalize(logMel.data(), 0, logMel.frames(), config.nMels(), config.normalization());
        return logMel;
    }

    /** log(Mel power + eps) before normalization: the quantity compared with torchaudio. */
    public FeatureMatrix logMelOnly(float[] samples) {
        int frames = frames(config, samples.length);
        return new FeatureMatrix(frames, config.nMels(), twin.logMel(samples, 0, frames));
    }

    /** Frames of a signal of {@code samples} samples; refuses one shorter than the analysis window. */
    public static int frames(LogMelConfig config, int samples) {
        int frames = config.frameCount(samples);
        if (frames == 0) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "signal of %d samples (%.3f s) is shorter than one %d-sample analysis window",
                    samples, samples / (double) config.sampleRate(), config.winLength()));
        }
        return frames;
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
        return centreOffset(m.frames(), frames);
    }

    /** Offset of the centred crop of {@code frames} rows out of {@code available}, 0 when there are fewer. */
    public static int centreOffset(int available, int frames) {
        return Math.max(0, (available - frames) / 2);
    }
}
