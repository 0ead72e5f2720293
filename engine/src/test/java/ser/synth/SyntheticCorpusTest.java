package ser.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.audio.AudioDecoder;
import ser.audio.DecodedAudio;
import ser.audio.VadConfig;
import ser.audio.VoiceActivity;
import ser.audio.Waveforms;
import ser.data.Clip;
import ser.data.CorpusNaming;
import ser.data.LabelSet;
import ser.data.Part;
import ser.data.SpeakerSplit;
import ser.features.FeatureMatrix;
import ser.features.LogMel;
import ser.features.LogMelConfig;

class SyntheticCorpusTest {

    @Test
    void sameSeedSameSamplesOtherSeedOtherSamples() {
        var item = SyntheticCorpus.plan(new SynthConfig(2, 2, 5)).get(7);
        float[] a = SyntheticCorpus.render(new SynthConfig(2, 2, 5), item);
        assertArrayEquals(a, SyntheticCorpus.render(new SynthConfig(2, 2, 5), item));
        assertFalse(java.util.Arrays.equals(a, SyntheticCorpus.render(new SynthConfig(2, 2, 6), item)));
    }

    @Test
    void filesAreCremaDNamedWavsThatTheReaderAndDecoderAccept(@TempDir Path dir) throws IOException {
        var config = new SynthConfig(5, 2, 1);
        List<SyntheticCorpus.Item> items = SyntheticCorpus.plan(config);
        assertEquals(5 * 6 * 2, items.size());
        assertEquals(items.size(), items.stream().map(SyntheticCorpus.Item::fileName).distinct().count());
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (SyntheticCorpus.Item item : items) {
            Clip clip = CorpusNaming.recognise(Path.of(item.fileName())).orElseThrow();
            assertEquals("crema-d", clip.corpus());
            assertEquals(item.emotion(), clip.label());
            parts.add(SpeakerSplit.publishedCremaDPart(Integer.parseInt(clip.speaker().substring(8))));
        }
        assertEquals(EnumSet.allOf(Part.class), parts, "five speakers reach train, dev and test");

        SyntheticCorpus.Item first = items.get(0);
        float[] samples = SyntheticCorpus.render(config, first);
        Path wav = dir.resolve(first.fileName());
        SyntheticCorpus.writeWav(samples, wav);
        DecodedAudio decoded = AudioDecoder.decode(wav);
        assertEquals(samples.length, decoded.samples().length);
        assertEquals(samples[samples.length / 2], decoded.samples()[samples.length / 2], 1e-4);
        var span = VoiceActivity.detect(decoded.samples(), VadConfig.DEFAULT).orElseThrow();
        assertTrue(span.startS() > 0.15 && span.endS() < decoded.durationS() - 0.15, "silence at both ends: " + span);
    }

    @Test
    void configurationLimitsAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> new SynthConfig(92, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SynthConfig(1, 49, 0));
    }

    /**
     * Learnable but not trivial: with speaker-independent train and held-out speakers, a softmax
     * regression on the spectral envelope alone (cepstra of the mean log-Mel: no pitch,
     * no timing) does far worse than one that also sees how the spectrum moves over time
     * (seed 3: 0.50 against 0.68, chance 0.17).
     */
    @Test
    void prosodyCarriesInformationTheSpectralEnvelopeLacks() {
        var config = new SynthConfig(10, 12, 3);
        List<SyntheticCorpus.Item> items = SyntheticCorpus.plan(config);
        List<double[]> envelope = new ArrayList<>();
        List<double[]> rich = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Boolean> train = new ArrayList<>();
        var logMel = new LogMel(LogMelConfig.DEFAULT);
        for (SyntheticCorpus.Item item : items) {
            float[] x = SyntheticCorpus.render(config, item);
            var span = VoiceActivity.detect(x, VadConfig.DEFAULT).orElseThrow();
            FeatureMatrix m = logMel.compute(Waveforms.standardize(x, (int) span.startSample(), (int) span.endSample()));
            double[] mean = columnMean(m);
            envelope.add(cepstra(mean, 1, 13));
            rich.add(concat(mean, columnStd(m), new double[] {m.frames() / 100.0}));
            labels.add(LabelSet.SIX.indexOf(item.emotion()));
            int actor = Integer.parseInt(item.fileName().substring(0, 4));
            train.add(SpeakerSplit.publishedCremaDPart(actor) == Part.TRAIN);
        }
        double envelopeAccuracy = heldOutAccuracy(envelope, labels, train);
        double richAccuracy = heldOutAccuracy(rich, labels, train);
        assertTrue(richAccuracy > 0.55, "rich features, held-out speakers: " + richAccuracy);
        assertTrue(richAccuracy < 0.9, "too easy: " + richAccuracy);
        assertTrue(envelopeAccuracy < 0.6, "the envelope alone must not solve it: " + envelopeAccuracy);
        assertTrue(envelopeAccuracy < richAccuracy - 0.1, "envelope " + envelopeAccuracy + " vs rich " + richAccuracy);
        assertTrue(envelopeAccuracy > 0.25, "voice quality still carries some signal: " + envelopeAccuracy);
    }

    /** Softmax regression trained by full-batch gradient descent on the training speakers, scored on the rest. */
    private static double heldOutAccuracy(List<double[]> rows, List<Integer> y, List<Boolean> train) {
        int d = rows.get(0).length;
        double[][] x = standardizedOnTrain(rows, train);
        double[][] w = new double[6][d + 1];
        int n = (int) train.stream().filter(b -> b).count();
        for (int step = 0; step < 400; step++) {
            double[][] grad = new double[6][d + 1];
            for (int i = 0; i < x.length; i++) {
                if (!train.get(i)) {
                    continue;
                }
                double[] p = softmax(w, x[i]);
                for (int c = 0; c < 6; c++) {
                    double g = p[c] - (y.get(i) == c ? 1 : 0);
                    for (int j = 0; j <= d; j++) {
                        grad[c][j] += g * x[i][j] / n;
                    }
                }
            }
            for (int c = 0; c < 6; c++) {
                for (int j = 0; j <= d; j++) {
                    w[c][j] -= 0.5 * (grad[c][j] + 1e-3 * w[c][j]);
                }
            }
        }
        int correct = 0;
        int total = 0;
        for (int i = 0; i < x.length; i++) {
            if (!train.get(i)) {
                double[] p = softmax(w, x[i]);
                int best = 0;
                for (int c = 1; c < 6; c++) {
                    best = p[c] > p[best] ? c : best;
                }
                correct += best == y.get(i) ? 1 : 0;
                total++;
            }
        }
        return correct / (double) total;
    }

    /** Rows scaled by the training rows' mean and deviation, with a trailing 1 for the bias. */
    private static double[][] standardizedOnTrain(List<double[]> rows, List<Boolean> train) {
        int d = rows.get(0).length;
        double[] mu = new double[d];
        double[] sq = new double[d];
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (train.get(i)) {
                n++;
                for (int j = 0; j < d; j++) {
                    mu[j] += rows.get(i)[j];
                    sq[j] += rows.get(i)[j] * rows.get(i)[j];
                }
            }
        }
        double[][] x = new double[rows.size()][d + 1];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < d; j++) {
                double mean = mu[j] / n;
                double sd = Math.sqrt(Math.max(sq[j] / n - mean * mean, 1e-12));
                x[i][j] = (rows.get(i)[j] - mean) / sd;
            }
            x[i][d] = 1;
        }
        return x;
    }

    private static double[] softmax(double[][] w, double[] x) {
        double[] z = new double[w.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            for (int j = 0; j < x.length; j++) {
                z[c] += w[c][j] * x[j];
            }
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    private static double[] columnMean(FeatureMatrix m) {
        double[] mean = new double[m.bins()];
        for (int t = 0; t < m.frames(); t++) {
            for (int b = 0; b < m.bins(); b++) {
                mean[b] += m.get(t, b) / m.frames();
            }
        }
        return mean;
    }

    private static double[] columnStd(FeatureMatrix m) {
        double[] mean = columnMean(m);
        double[] std = new double[m.bins()];
        for (int t = 0; t < m.frames(); t++) {
            for (int b = 0; b < m.bins(); b++) {
                double v = m.get(t, b) - mean[b];
                std[b] += v * v / m.frames();
            }
        }
        return java.util.Arrays.stream(std).map(Math::sqrt).toArray();
    }

    /** DCT-II coefficients {@code [from, to)} of a log spectrum: its smooth envelope, blind to harmonics. */
    private static double[] cepstra(double[] logSpectrum, int from, int to) {
        int n = logSpectrum.length;
        double[] c = new double[to - from];
        for (int k = from; k < to; k++) {
            for (int i = 0; i < n; i++) {
                c[k - from] += logSpectrum[i] * Math.cos(Math.PI / n * (i + 0.5) * k);
            }
        }
        return c;
    }

    private static double[] concat(double[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
