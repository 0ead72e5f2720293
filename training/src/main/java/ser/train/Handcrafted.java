package ser.train;

import java.util.ArrayList;
import java.util.List;
import ser.features.FeatureMatrix;
import ser.features.LogMel;
import ser.features.LogMelConfig;
import ser.kernels.Normalization;

/**
 * Utterance-level hand-crafted features for the SVM baseline, the classic set of speech emotion
 * recognition: statistics over frames of MFCCs and their deltas, log energy, zero-crossing rate,
 * pitch, and spectral shape.
 *
 * <ul>
 *   <li>MFCC 1–13 (DCT-II of the log-Mel frame, coefficient 0 dropped) and their deltas: mean and
 *       standard deviation (52);</li>
 *   <li>frame log energy: mean, deviation, 10th and 90th percentile (4); zero-crossing rate: mean,
 *       deviation (2);</li>
 *   <li>pitch by normalized autocorrelation at 8 kHz (60–400 Hz, voiced when the peak exceeds
 *       0.5, the shortest lag within 10 % of the best peak against octave errors): voiced share, and mean, deviation, 10th and 90th percentile of log F0 over voiced
 *       frames (5);</li>
 *   <li>spectral centroid, bandwidth, 85 % roll-off and flatness of the Mel spectrum: mean and
 *       deviation (8).</li>
 * </ul>
 */
final class Handcrafted {
    public static final int SIZE = 71;
    private static final int MFCC = 13;
    private static final int PITCH_FRAME = 320;
    private static final int PITCH_HOP = 80;
    private static final int MIN_LAG = 20;
    private static final int MAX_LAG = 133;
    private static final double VOICING = 0.5;

    private Handcrafted() {
    }

    /** The feature vector of standardized speech sampled at the rate of {@code config}. */
    public static float[] of(float[] speech, LogMelConfig config) {
        LogMelConfig plain = new LogMelConfig(config.sampleRate(), config.winLength(), config.hopLength(), config.nFft(),
                config.nMels(), config.fMin(), config.fMax(), config.melScale(), config.logEps(), Normalization.NONE,
                config.fixedFrames());
        FeatureMatrix logMel = new LogMel(plain).logMelOnly(speech);
        List<Double> out = new ArrayList<>(SIZE);
        double[][] mfcc = mfcc(logMel);
        double[][] delta = delta(mfcc);
        for (double[][] m : new double[][][] {mfcc, delta}) {
            for (int c = 0; c < MFCC; c++) {
                double[] column = new double[m.length];
                for (int t = 0; t < m.length; t++) {
                    column[t] = m[t][c];
                }
                out.add(mean(column));
                out.add(std(column));
            }
        }
        double[] energy = perFrame(speech, config.winLength(), config.hopLength(), Handcrafted::logEnergy);
        out.add(mean(energy));
        out.add(std(energy));
        out.add(percentile(energy, 0.1));
        out.add(percentile(energy, 0.9));
        double[] zcr = perFrame(speech, config.winLength(), config.hopLength(), Handcrafted::zeroCrossingRate);
        out.add(mean(zcr));
        out.add(std(zcr));
        addPitch(out, speech);
        addSpectralShape(out, logMel, plain);
        float[] v = new float[out.size()];
        for (int i = 0; i < v.length; i++) {
            double x = out.get(i);
            v[i] = Double.isFinite(x) ? (float) x : 0f;
        }
        return v;
    }

    private static double[][] mfcc(FeatureMatrix logMel) {
        int n = logMel.bins();
        double[][] out = new double[logMel.frames()][MFCC];
        for (int t = 0; t < logMel.frames(); t++) {
            for (int k = 1; k <= MFCC; k++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += logMel.get(t, i) * Math.cos(Math.PI / n * (i + 0.5) * k);
                }
                out[t][k - 1] = sum * Math.sqrt(2.0 / n);
            }
        }
        return out;
    }

    /** Regression deltas over ±2 frames, as in HTK. */
    private static double[][] delta(double[][] x) {
        double[][] d = new double[x.length][x.length == 0 ? 0 : x[0].length];
        for (int t = 0; t < x.length; t++) {
            for (int c = 0; c < d[t].length; c++) {
                double num = 0;
                for (int k = 1; k <= 2; k++) {
                    num += k * (x[Math.min(x.length - 1, t + k)][c] - x[Math.max(0, t - k)][c]);
                }
                d[t][c] = num / 10.0;
            }
        }
        return d;
    }

    /** A measure of the samples {@code [from, to)} of one frame. */
    private interface FrameMeasure {
        double of(float[] x, int from, int to);
    }

    private static double[] perFrame(float[] x, int win, int hop, FrameMeasure measure) {
        int frames = Math.max(1, 1 + (x.length - win) / hop);
        double[] out = new double[frames];
        for (int t = 0; t < frames; t++) {
            out[t] = measure.of(x, t * hop, Math.min(x.length, t * hop + win));
        }
        return out;
    }

    private static double logEnergy(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i] * x[i];
        }
        return Math.log(sum / Math.max(1, to - from) + 1e-10);
    }

    private static double zeroCrossingRate(float[] x, int from, int to) {
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            crossings += (x[i] >= 0) != (x[i - 1] >= 0) ? 1 : 0;
        }
        return crossings / (double) Math.max(1, to - from);
    }

    private static void addPitch(List<Double> out, float[] x) {
        float[] half = new float[x.length / 2];
        for (int i = 0; i < half.length; i++) {
            half[i] = 0.5f * (x[2 * i] + x[2 * i + 1]); // crude 8 kHz: pitch lives well below 4 kHz
        }
        List<Double> logF0 = new ArrayList<>();
        int frames = 0;
        for (int start = 0; start + PITCH_FRAME + MAX_LAG + 1 <= half.length; start += PITCH_HOP) {
            frames++;
            double energy = 0;
            for (int i = start; i < start + PITCH_FRAME; i++) {
                energy += half[i] * half[i];
            }
            double[] r = new double[MAX_LAG + 2];
            double best = 0;
            for (int lag = MIN_LAG; lag <= MAX_LAG + 1; lag++) {
                double num = 0;
                double shifted = 0;
                for (int i = start; i < start + PITCH_FRAME; i++) {
                    num += half[i] * half[i + lag];
                    shifted += half[i + lag] * half[i + lag];
                }
                r[lag] = num / Math.sqrt(energy * shifted + 1e-12);
                best = Math.max(best, r[lag]);
            }
            // The shortest lag that peaks near the best avoids octave errors at multiples of the period.
            int bestLag = 0;
            for (int lag = MIN_LAG + 1; lag <= MAX_LAG && bestLag == 0; lag++) {
                if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
                    bestLag = lag;
                }
            }
            if (best > VOICING && bestLag > 0) {
                logF0.add(Math.log(8000.0 / bestLag));
            }
        }
        double[] f0 = logF0.stream().mapToDouble(Double::doubleValue).toArray();
        out.add(frames == 0 ? 0 : f0.length / (double) frames);
        out.add(f0.length == 0 ? 0 : mean(f0));
        out.add(f0.length == 0 ? 0 : std(f0));
        out.add(f0.length == 0 ? 0 : percentile(f0, 0.1));
        out.add(f0.length == 0 ? 0 : percentile(f0, 0.9));
    }

    private static void addSpectralShape(List<Double> out, FeatureMatrix logMel, LogMelConfig config) {
        int n = logMel.bins();
        double[] centres = new double[n];
        double melMin = config.melScale().toMel(config.fMin());
        double melMax = config.melScale().toMel(config.fMax());
        for (int b = 0; b < n; b++) {
            centres[b] = config.melScale().toHz(melMin + (melMax - melMin) * (b + 1) / (n + 1));
        }
        int frames = logMel.frames();
        double[] centroid = new double[frames];
        double[] bandwidth = new double[frames];
        double[] rolloff = new double[frames];
        double[] flatness = new double[frames];
        for (int t = 0; t < frames; t++) {
            double total = 0;
            double weighted = 0;
            double logSum = 0;
            double[] p = new double[n];
            for (int b = 0; b < n; b++) {
                p[b] = Math.exp(logMel.get(t, b));
                total += p[b];
                weighted += p[b] * centres[b];
                logSum += logMel.get(t, b);
            }
            centroid[t] = weighted / total;
            double spread = 0;
            for (int b = 0; b < n; b++) {
                spread += p[b] * (centres[b] - centroid[t]) * (centres[b] - centroid[t]);
            }
            bandwidth[t] = Math.sqrt(spread / total);
            double cumulative = 0;
            int b = 0;
            while (b < n - 1 && cumulative + p[b] < 0.85 * total) {
                cumulative += p[b++];
            }
            rolloff[t] = centres[b];
            flatness[t] = Math.exp(logSum / n) / (total / n);
        }
        for (double[] s : new double[][] {centroid, bandwidth, rolloff, flatness}) {
            out.add(mean(s));
            out.add(std(s));
        }
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? 0 : s / x.length;
    }

    private static double std(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return x.length == 0 ? 0 : Math.sqrt(s / x.length);
    }

    private static double percentile(double[] x, double q) {
        double[] sorted = x.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}
