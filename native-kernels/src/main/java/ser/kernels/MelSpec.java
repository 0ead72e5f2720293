package ser.kernels;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the log-Mel kernels compute, in the form both of them take: the analysis window and the Mel
 * filters are built once on the host (by the engine's front end, from its configuration) and shared by
 * the CPU twin and the CUDA kernel. Each filter is stored as its non-zero range: filter {@code m} has
 * weights {@code melWeights[m]} on frequency bins {@code melFirst[m] …}.
 *
 * @param window the periodic Hamming window, {@code winLength} values
 */
public record MelSpec(int hopLength, int nFft, double logEps, Normalization normalization, double[] window,
                      int[] melFirst, float[][] melWeights) {

    public MelSpec {
        if (hopLength <= 0 || Integer.bitCount(nFft) != 1 || window.length == 0 || window.length > nFft) {
            throw new IllegalArgumentException("need hop > 0, a power-of-two n_fft and 0 < window <= n_fft");
        }
        if (melFirst.length != melWeights.length || melWeights.length == 0) {
            throw new IllegalArgumentException("need one first bin per Mel filter and at least one filter");
        }
        for (int m = 0; m < melWeights.length; m++) {
            if (melFirst[m] < 0 || melFirst[m] + melWeights[m].length > nFft / 2 + 1) {
                throw new IllegalArgumentException("Mel filter " + m + " reaches past the spectrum");
            }
        }
    }

    /** The window in float, as the FFTs of both twins take it. */
    public float[] windowFloats() {
        float[] w = new float[window.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) window[i];
        }
        return w;
    }

    public int winLength() {
        return window.length;
    }

    public int nMels() {
        return melWeights.length;
    }

    /** Frames of a signal of {@code samples} samples; zero when it is shorter than one window. */
    public int frameCount(long samples) {
        return samples < winLength() ? 0 : (int) (1 + (samples - winLength()) / hopLength);
    }

    /** Frames of each utterance of a batch. */
    public int[] frameCounts(int[] lengths) {
        int[] frames = new int[lengths.length];
        for (int b = 0; b < lengths.length; b++) {
            frames[b] = frameCount(lengths[b]);
        }
        return frames;
    }

    /** The filters as one dense {@code [nMels][nFft/2 + 1]} matrix. */
    public float[][] denseFilters() {
        float[][] dense = new float[nMels()][nFft / 2 + 1];
        for (int m = 0; m < nMels(); m++) {
            System.arraycopy(melWeights[m], 0, dense[m], melFirst[m], melWeights[m].length);
        }
        return dense;
    }

    /**
     * Equal by value (a record's arrays would compare by identity): the CUDA constants are cached per
     * device and spec, and the engine keeps an op per thread and spec, so two equal specs must share them.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof MelSpec that && hopLength == that.hopLength && nFft == that.nFft
                && Double.compare(logEps, that.logEps) == 0 && normalization == that.normalization
                && Arrays.equals(window, that.window) && Arrays.equals(melFirst, that.melFirst)
                && Arrays.deepEquals(melWeights, that.melWeights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hopLength, nFft, logEps, normalization, Arrays.hashCode(window), Arrays.hashCode(melFirst),
                Arrays.deepHashCode(melWeights));
    }
}
