package ser.kernels;

/**
 * The naive log-Mel that the twins are judged by: a direct DFT of each Hamming-windowed frame in double
 * precision, the dense filter matrix, log(x + eps) and the normalization, one utterance at a time.
 */
public final class LogMelReference {
    private LogMelReference() {
    }

    /** {@code [frames][nMels]} of {@code samples[offset … offset + length)}, normalized as the spec says. */
    public static double[] logMel(MelSpec spec, float[] samples, long offset, int length) {
        int frames = spec.frameCount(length);
        int nFft = spec.nFft();
        int nFreqs = nFft / 2 + 1;
        float[][] filters = spec.denseFilters();
        double[] out = new double[frames * spec.nMels()];
        double[] power = new double[nFreqs];
        for (int t = 0; t < frames; t++) {
            long start = offset + (long) t * spec.hopLength();
            for (int k = 0; k < nFreqs; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < spec.winLength(); i++) {
                    double v = samples[(int) (start + i)] * spec.window()[i];
                    double angle = -2 * Math.PI * ((long) k * i % nFft) / nFft;
                    re += v * Math.cos(angle);
                    im += v * Math.sin(angle);
                }
                power[k] = re * re + im * im;
            }
            for (int m = 0; m < spec.nMels(); m++) {
                double sum = 0;
                for (int k = 0; k < nFreqs; k++) {
                    sum += filters[m][k] * power[k];
                }
                out[t * spec.nMels() + m] = Math.log(sum + spec.logEps());
            }
        }
        normalize(out, frames, spec.nMels(), spec.normalization());
        return out;
    }

    private static void normalize(double[] x, int frames, int bins, Normalization mode) {
        if (frames == 0 || mode == Normalization.NONE) {
            return;
        }
        int groups = mode == Normalization.UTTERANCE ? 1 : bins;
        int stride = mode == Normalization.UTTERANCE ? 1 : bins;
        int count = mode == Normalization.UTTERANCE ? frames * bins : frames;
        for (int g = 0; g < groups; g++) {
            double mean = 0;
            for (int i = 0; i < count; i++) {
                mean += x[g + i * stride] / count;
            }
            double variance = 0;
            for (int i = 0; i < count; i++) {
                variance += Math.pow(x[g + i * stride] - mean, 2) / count;
            }
            double scale = 1 / Math.max(Math.sqrt(variance), 1e-5);
            for (int i = 0; i < count; i++) {
                x[g + i * stride] = (x[g + i * stride] - mean) * scale;
            }
        }
    }

    /**
     * A spec independent of the engine's front end: a periodic Hamming window and triangular filters
     * with edges evenly spaced in frequency (the contract holds for any filters).
     */
    public static MelSpec spec(int winLength, int hopLength, int nFft, int nMels, Normalization normalization) {
        double[] window = new double[winLength];
        for (int i = 0; i < winLength; i++) {
            window[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / winLength);
        }
        int nFreqs = nFft / 2 + 1;
        int[] first = new int[nMels];
        float[][] weights = new float[nMels][];
        double spacing = (nFreqs - 1.0) / (nMels + 1);
        for (int m = 0; m < nMels; m++) {
            double lo = m * spacing;
            double mid = lo + spacing;
            double hi = mid + spacing;
            first[m] = (int) Math.ceil(lo);
            int last = Math.min((int) Math.floor(hi), nFreqs - 1);
            weights[m] = new float[last - first[m] + 1];
            for (int k = first[m]; k <= last; k++) {
                weights[m][k - first[m]] = (float) Math.max(0, Math.min((k - lo) / spacing, (hi - k) / spacing));
            }
        }
        return new MelSpec(hopLength, nFft, 1e-6, normalization, window, first, weights);
    }
}
