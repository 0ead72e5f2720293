package ser.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.ModelKind;
import ser.model.NetOutput;
import ser.model.SerNet;
import ser.model.Tensors;
import ser.runtime.LibTorch;

class MixupTest {
    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    private static Batch batch(int n, int frames, int mels) {
        var random = new Random(4);
        float[] data = new float[n * frames * mels];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        int[] valid = new int[n];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            valid[i] = 1 + i % frames;
            labels[i] = i % 6;
        }
        return new Batch(data, frames, mels, valid, labels);
    }

    @Test
    void eachClipIsItsOwnShareOfItselfAndTheRestOfItsPartner() {
        Batch plain = batch(16, 5, 3);
        Batch mixed = Batcher.mix(plain, 0.4, 7);
        Batch.Mixed m = mixed.mixed();
        int[] sorted = m.partners().clone();
        Arrays.sort(sorted);
        assertArrayEquals(java.util.stream.IntStream.range(0, 16).toArray(), sorted, "the partners are a permutation");
        int size = 5 * 3;
        int moved = 0;
        for (int i = 0; i < 16; i++) {
            float lambda = m.ownWeight()[i];
            int p = m.partners()[i];
            assertTrue(lambda >= 0.5f && lambda <= 1f, "λ " + lambda);
            moved += p != i && lambda < 0.99f ? 1 : 0;
            for (int k = 0; k < size; k++) {
                float expected = lambda * plain.data()[i * size + k] + (1 - lambda) * plain.data()[p * size + k];
                assertEquals(expected, mixed.data()[i * size + k], 1e-6f);
            }
            assertEquals(Math.max(plain.validFrames()[i], plain.validFrames()[p]), mixed.validFrames()[i]);
            assertEquals(plain.labels()[p], m.partnerLabels()[i]);
            assertEquals(plain.labels()[i], mixed.labels()[i], "the label that weighs more is the clip's own");
        }
        assertTrue(moved >= 4, "most clips are mixed with another: " + moved);
        assertArrayEquals(mixed.data(), Batcher.mix(plain, 0.4, 7).data(), "the same seed mixes the same way");
        assertFalse(Arrays.equals(mixed.data(), Batcher.mix(plain, 0.4, 8).data()));
    }

    @Test
    void theMixedLossScoresBothLabelsByTheirSharesAndReducesToThePlainOne() {
        torch.manual_seed(2);
        SerNet net = new SerNet(ModelConfig.defaults(Architecture.of(ModelKind.CNN_BLSTM), 64, 6));
        NetOutput out = net.forward(torch.randn(new long[] {3, 1, 300, 64}), new int[] {300, 280, 150});
        float[] classWeights = {0.5f, 1f, 1.5f, 2f, 1f, 1f};
        var losses = new Losses(classWeights, net.anchors());
        long[] labels = {0, 2, 3};
        double plain = losses.compute(out, labels).whole();

        double sameLabels = losses.compute(out, labels, new Batch.Mixed(new int[] {1, 2, 0}, labels, new float[] {0.6f, 0.7f, 0.9f})).whole();
        assertEquals(plain, sameLabels, 1e-6, "mixing clips of one label is the plain loss");
        double unmixed = losses.compute(out, labels, new Batch.Mixed(new int[] {1, 2, 0}, new long[] {2, 3, 0}, new float[] {1, 1, 1})).whole();
        assertEquals(plain, unmixed, 1e-6, "λ = 1 is the plain loss");

        long[] partners = {2, 3, 0};
        float[] own = {0.6f, 0.75f, 0.5f};
        float[] logits = Tensors.floats(out.regionLogits().select(1, 0).log_softmax(1).contiguous()); // [3, 6]
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < 3; i++) {
            numerator += own[i] * classWeights[(int) labels[i]] * -logits[i * 6 + (int) labels[i]]
                    + (1 - own[i]) * classWeights[(int) partners[i]] * -logits[i * 6 + (int) partners[i]];
            denominator += own[i] * classWeights[(int) labels[i]] + (1 - own[i]) * classWeights[(int) partners[i]];
        }
        double mixed = losses.compute(out, labels, new Batch.Mixed(new int[] {1, 2, 0}, partners, own)).whole();
        assertEquals(numerator / denominator, mixed, 1e-5);
        assertNotEquals(plain, mixed, 1e-3);
    }

    @Test
    void thePooledTermMixesAsTheWholeOneDoes() {
        torch.manual_seed(3);
        SerNet net = new SerNet(ModelConfig.defaults(Architecture.of(ModelKind.WINDOWS_BLSTM), 64, 6));
        NetOutput out = net.forward(torch.randn(new long[] {1, 1, 300, 64}), new int[] {260});
        var losses = new Losses(new float[] {1, 1, 1, 1, 1, 1}, net.anchors());
        double own = losses.compute(out, new long[] {1}).mil();
        double partner = losses.compute(out, new long[] {4}).mil();
        assertTrue(own > 0 && partner > 0 && Math.abs(own - partner) > 1e-4);
        // one clip, equal class weights: λ·ℓ(own) + (1 − λ)·ℓ(partner)
        double mixed = losses.compute(out, new long[] {1}, new Batch.Mixed(new int[] {0}, new long[] {4}, new float[] {0.7f})).mil();
        assertEquals(0.7 * own + 0.3 * partner, mixed, 1e-5);
    }

    @Test
    void aTrainingBatchIsMixedOnlyWhenAlphaIsSetAndAnEpochTrainsOnIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        var parts = TrainerTest.synthetic(5, 1);
        var examples = parts.get(ser.data.Part.TRAIN).subList(0, 8);
        var d = Augmentation.DEFAULT;
        var withMixup = new Augmentation(d.noiseProbability(), d.minSnrDb(), d.maxSnrDb(), d.speedFactors(), d.timeMasks(),
                d.maxTimeMask(), d.freqMasks(), d.maxFreqMask(), 0, 0.4);
        var logMel = ser.features.LogMelConfig.DEFAULT;
        assertEquals(null, new Batcher(logMel, d).training(examples, 5).mixed());
        Batch mixed = new Batcher(logMel, withMixup).training(examples, 5);
        assertEquals(8, mixed.mixed().partners().length);
        assertEquals(null, new Batcher(logMel, withMixup).evaluation(examples).mixed(), "evaluation is never mixed");

        var base = TrainerTest.config(ModelKind.CNN_BLSTM, 1, 1);
        var config = TrainConfigs.with(base, Map.of("augmentation", withMixup));
        torch.manual_seed(1);
        SerNet net = new SerNet(ModelConfig.defaults(Architecture.of(ModelKind.CNN_BLSTM), 64, 6));
        var result = new Trainer(config, net, new Checkpoints(dir), TrainingListener.SILENT)
                .run(parts.get(ser.data.Part.TRAIN), parts.get(ser.data.Part.DEV), false);
        double loss = result.state().history().get(0).trainLoss();
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
    }
}
