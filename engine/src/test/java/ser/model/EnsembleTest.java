package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.io.JsonFiles;
import ser.testing.TestData;

/** An ensemble directory runs as one model: the mean of its members' probabilities, calibrated once more. */
class EnsembleTest {

    @Test
    void anEnsembleRecognizesWithTheCalibratedMeanOfItsMembers(@TempDir Path dir) throws IOException {
        TestData.saveUntrainedModel(dir.resolve("members/a"), "a", 1);
        TestData.saveUntrainedModel(dir.resolve("members/b"), "b", 2);
        ModelDescription a = ModelBundle.describe(dir.resolve("members/a"));
        double temperature = 0.6;
        JsonFiles.write(dir.resolve(ModelBundle.DESCRIPTION), new ModelDescription("pair", a.kind(), a.labels(), a.network(),
                a.logMel(), a.vad(), new EnsembleConfig(List.of("members/a", "members/b"), temperature)));

        Recognizer first = Recognizer.load(dir.resolve("members/a"));
        Recognizer second = Recognizer.load(dir.resolve("members/b"));
        Recognizer both = Recognizer.load(dir);
        Random random = new Random(7);
        for (int samples : new int[] {12_000, 48_000}) {
            float[] speech = new float[samples];
            for (int i = 0; i < samples; i++) {
                speech[i] = (float) (random.nextGaussian() * (1 + Math.sin(i / 700.0)));
            }
            var p = first.recognize(List.of(first.prepare(speech, 0, samples / 16_000.0))).get(0);
            var q = second.recognize(List.of(second.prepare(speech, 0, samples / 16_000.0))).get(0);
            var got = both.recognize(List.of(both.prepare(speech, 0, samples / 16_000.0))).get(0);
            double[] logMean = new double[a.labels().size()];
            double norm = 0;
            for (int k = 0; k < logMean.length; k++) {
                String label = a.labels().get(k);
                logMean[k] = Math.exp(Math.log((p.scores().get(label) + q.scores().get(label)) / 2) / temperature);
                norm += logMean[k];
            }
            for (int k = 0; k < logMean.length; k++) {
                String label = a.labels().get(k);
                assertEquals(logMean[k] / norm, got.scores().get(label), 1e-5, label + " at " + samples + " samples");
            }
            assertEquals(got.scores().get(got.emotion()), got.confidence(), 0);
            assertEquals(p.regions(), got.regions(), "the regions are the first member's");
            float[] members = new float[p.embedding().length + q.embedding().length];
            System.arraycopy(p.embedding(), 0, members, 0, p.embedding().length);
            System.arraycopy(q.embedding(), 0, members, p.embedding().length, q.embedding().length);
            assertArrayEquals(members, got.embedding(), 1e-6f, "the members' embeddings one after another");
        }
    }

    @Test
    void anEnsembleIsIdentifiedByItsMembersWeightsInOrderAndKeepsThemInside(@TempDir Path dir) throws IOException {
        TestData.saveUntrainedModel(dir.resolve("m/a"), "a", 1);
        TestData.saveUntrainedModel(dir.resolve("m/b"), "b", 2);
        ModelDescription a = ModelBundle.describe(dir.resolve("m/a"));
        Path ab = dir.resolve("ab");
        Path ba = dir.resolve("ba");
        for (Path ensemble : List.of(ab, ba)) {
            TestData.saveUntrainedModel(ensemble.resolve("a"), "a", 1);
            TestData.saveUntrainedModel(ensemble.resolve("b"), "b", 2);
        }
        JsonFiles.write(ab.resolve(ModelBundle.DESCRIPTION), ensemble(a, List.of("a", "b")));
        JsonFiles.write(ba.resolve(ModelBundle.DESCRIPTION), ensemble(a, List.of("b", "a")));
        String hash = ModelBundle.weightsSha256(ab);
        assertEquals(64, hash.length());
        assertNotEquals(ModelBundle.weightsSha256(ab.resolve("a")), hash);
        assertNotEquals(ModelBundle.weightsSha256(ba), hash, "member order is part of the model: regions come from the first");

        Path escaping = dir.resolve("escaping");
        TestData.saveUntrainedModel(escaping.resolve("a"), "a", 1);
        JsonFiles.write(escaping.resolve(ModelBundle.DESCRIPTION), ensemble(a, List.of("a", "../m/b")));
        var e = assertThrows(IOException.class, () -> ModelBundle.load(escaping));
        assertTrue(e.getMessage().contains("../m/b") && e.getMessage().contains("not a folder inside"), e.getMessage());
    }

    @Test
    void theFittedTemperatureMinimizesTheLikelihoodOfTheMean() {
        Random random = new Random(3);
        int clips = 400;
        int[] truth = new int[clips];
        int[] said = new int[clips];
        for (int i = 0; i < clips; i++) {
            truth[i] = random.nextInt(4);
            // Members that share their mistakes, sure of themselves and right 60 % of the time: a mean that needs cooling.
            said[i] = random.nextDouble() < 0.6 ? truth[i] : random.nextInt(4);
        }
        List<float[][]> members = sayingWithMargin(said, 6, 1, random);
        double t = EnsembleConfig.fit(members, truth);
        assertTrue(t > 1, "overconfident members are softened, got " + t);
        assertTrue(nll(members, truth, t) <= nll(members, truth, t * 1.05) && nll(members, truth, t) <= nll(members, truth, t / 1.05));
        float[][] mean = EnsembleConfig.combine(members, 1);
        for (int k = 0; k < 4; k++) {
            assertEquals((members.get(0)[5][k] + members.get(1)[5][k] + members.get(2)[5][k]) / 3, mean[5][k], 1e-6);
        }
    }

    @Test
    void aMeanThatLooksUnsureIsNotSharpened() {
        Random random = new Random(5);
        int clips = 400;
        int[] truth = new int[clips];
        int[] said = new int[clips];
        for (int i = 0; i < clips; i++) {
            truth[i] = random.nextInt(4);
            said[i] = random.nextDouble() < 0.85 ? truth[i] : (truth[i] + 1 + random.nextInt(3)) % 4;
        }
        // Right 85 % of the time with a margin of one logit: the class said gets about 0.48.
        List<float[][]> members = sayingWithMargin(said, 1, 0, random);
        double free = Temperature.minimizing(t -> nll(members, truth, t));
        assertTrue(free > 0.1 && free < 0.9, "a free fit would sharpen this mean, to " + free);
        assertEquals(1.0, EnsembleConfig.fit(members, truth));
    }

    @Test
    void oneMemberIsNoEnsemble() {
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(List.of("a"), 1));
        assertThrows(IllegalArgumentException.class, () -> new EnsembleConfig(List.of("a", "b"), 0));
    }

    private static ModelDescription ensemble(ModelDescription first, List<String> members) {
        return new ModelDescription("e", first.kind(), first.labels(), first.network(), first.logMel(), first.vad(),
                new EnsembleConfig(members, 1));
    }

    /** Three members of four classes that each say {@code said} by {@code margin} logits, plus Gaussian noise of {@code noise}. */
    private static List<float[][]> sayingWithMargin(int[] said, float margin, double noise, Random random) {
        List<float[][]> members = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            float[][] p = new float[said.length][];
            for (int i = 0; i < said.length; i++) {
                float[] logits = new float[4];
                logits[said[i]] = margin;
                for (int k = 0; k < 4; k++) {
                    logits[k] += (float) (noise * random.nextGaussian());
                }
                p[i] = Temperature.softmax(logits, 1);
            }
            members.add(p);
        }
        return members;
    }

    private static double nll(List<float[][]> members, int[] truth, double t) {
        float[][] p = EnsembleConfig.combine(members, t);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum -= Math.log(p[i][truth[i]]);
        }
        return sum / truth.length;
    }
}
