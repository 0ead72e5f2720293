package ser.features;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ser.kernels.MelSpec;

/**
 * Triangular Mel filters with Slaney area normalization, built as torchaudio's
 * {@code melscale_fbanks(norm="slaney")} builds them. Built once per configuration and shared.
 * Each filter is stored as its non-zero range, since a filter touches only a few bins; with the window
 * they make the {@link MelSpec} that the CPU twin and the CUDA kernel of the log-Mel share.
 */
public final class MelFilterBank {
    private static final Map<LogMelConfig, MelFilterBank> CACHE = new ConcurrentHashMap<>();

    private final MelSpec spec;

    private MelFilterBank(LogMelConfig c) {
        int nFreqs = c.nFreqs();
        double[] mels = new double[c.nMels() + 2];
        double melMin = c.melScale().toMel(c.fMin());
        double melMax = c.melScale().toMel(c.fMax());
        double[] edgesHz = new double[mels.length];
        for (int i = 0; i < mels.length; i++) {
            edgesHz[i] = c.melScale().toHz(melMin + (melMax - melMin) * i / (c.nMels() + 1));
        }
        float[][] weights = new float[c.nMels()][];
        int[] firstBin = new int[c.nMels()];
        for (int m = 0; m < c.nMels(); m++) {
            double lo = edgesHz[m];
            double mid = edgesHz[m + 1];
            double hi = edgesHz[m + 2];
            double areaNorm = 2.0 / (hi - lo);
            float[] row = new float[nFreqs];
            int first = -1;
            int last = -1;
            for (int k = 0; k < nFreqs; k++) {
                double f = (double) k * c.sampleRate() / 2 / (nFreqs - 1);
                double w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid))) * areaNorm;
                if (w > 0) {
                    row[k] = (float) w;
                    first = first < 0 ? k : first;
                    last = k;
                }
            }
            firstBin[m] = Math.max(first, 0);
            weights[m] = first < 0 ? new float[0] : java.util.Arrays.copyOfRange(row, first, last + 1);
        }
        spec = new MelSpec(c.hopLength(), c.nFft(), c.logEps(), c.normalization(), periodicHamming(c.winLength()),
                firstBin, weights);
    }

    public static MelFilterBank of(LogMelConfig config) {
        return CACHE.computeIfAbsent(config, MelFilterBank::new);
    }

    /** The window and filters in the form the log-Mel kernels and their CPU twin take. */
    MelSpec spec() {
        return spec;
    }

    /** The dense filter matrix, {@code [nMels][nFreqs]}, for tests. */
    public float[][] dense() {
        return spec.denseFilters();
    }

    static double[] periodicHamming(int length) {
        double[] w = new double[length];
        for (int i = 0; i < length; i++) {
            w[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / length);
        }
        return w;
    }
}
