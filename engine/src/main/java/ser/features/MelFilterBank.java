package ser.features;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Triangular Mel filters with Slaney area normalization, built as torchaudio's
 * {@code melscale_fbanks(norm="slaney")} builds them. Built once per configuration and shared.
 * Each filter is stored as its non-zero range, since a filter touches only a few bins.
 */
public final class MelFilterBank {
    private static final Map<LogMelConfig, MelFilterBank> CACHE = new ConcurrentHashMap<>();

    private final float[][] weights;
    private final int[] firstBin;

    private MelFilterBank(LogMelConfig c) {
        int nFreqs = c.nFreqs();
        double[] mels = new double[c.nMels() + 2];
        double melMin = c.melScale().toMel(c.fMin());
        double melMax = c.melScale().toMel(c.fMax());
        double[] edgesHz = new double[mels.length];
        for (int i = 0; i < mels.length; i++) {
            edgesHz[i] = c.melScale().toHz(melMin + (melMax - melMin) * i / (c.nMels() + 1));
        }
        weights = new float[c.nMels()][];
        firstBin = new int[c.nMels()];
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
    }

    public static MelFilterBank of(LogMelConfig config) {
        return CACHE.computeIfAbsent(config, MelFilterBank::new);
    }

    /** Projects one power spectrum ({@code nFreqs} values) onto the filters. */
    void apply(double[] power, float[] out, int outOffset) {
        for (int m = 0; m < weights.length; m++) {
            float[] w = weights[m];
            int k0 = firstBin[m];
            double sum = 0;
            for (int j = 0; j < w.length; j++) {
                sum += w[j] * power[k0 + j];
            }
            out[outOffset + m] = (float) sum;
        }
    }

    /** The dense filter matrix, {@code [nMels][nFreqs]}, for tests and for device upload. */
    public float[][] dense(int nFreqs) {
        float[][] dense = new float[weights.length][nFreqs];
        for (int m = 0; m < weights.length; m++) {
            System.arraycopy(weights[m], 0, dense[m], firstBin[m], weights[m].length);
        }
        return dense;
    }
}
