package ser.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.data.Clip;
import ser.data.LabelSet;
import ser.data.Part;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.ModelKind;
import ser.model.SerNet;
import ser.model.Tensors;
import ser.model.Weights;
import ser.runtime.LibTorch;

class SpeakerAdversaryTest {
    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    @Test
    void reversalIsTheIdentityForwardAndMinusLambdaBackward() {
        Tensor x = Tensor.create(new float[] {1.5f, -2f, 0.25f}, 3).requires_grad_(true);
        Tensor y = SpeakerAdversary.reverseGradient(x, 0.7);
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f}, Tensors.floats(y), 1e-6f);
        y.mul(Tensor.create(new float[] {1f, 2f, -3f}, 3)).sum().backward();
        assertArrayEquals(new float[] {-0.7f, -1.4f, 2.1f}, Tensors.floats(x.grad()), 1e-6f);
    }

    @Test
    void lambdaRisesFromZeroToItsCeilingOnGaninsSchedule() {
        var adversary = new SpeakerAdversary(4, examples("a:1", "a:2"), 0.5);
        assertEquals(0, adversary.lambda(0), 1e-12);
        assertEquals(0.5 * (2 / (1 + Math.exp(-5)) - 1), adversary.lambda(0.5), 1e-12);
        assertEquals(0.5 * (2 / (1 + Math.exp(-10)) - 1), adversary.lambda(1), 1e-12);
        assertEquals(adversary.lambda(1), adversary.lambda(3), 0, "past the end it stays at the ceiling's value");
    }

    @Test
    void speakersAreNumberedInOrderAndAnUnknownOneNamesItsFile() {
        var adversary = new SpeakerAdversary(4, examples("b:2", "a:1", "b:2", "c:9"), 1);
        assertEquals(3, adversary.speakerCount());
        assertArrayEquals(new long[] {2, 0, 1}, adversary.speakerIndices(examples("c:9", "a:1", "b:2")));
        var e = assertThrows(IllegalArgumentException.class, () -> adversary.speakerIndices(examples("d:4")));
        assertTrue(e.getMessage().contains("d:4.wav") && e.getMessage().contains("not among the training speakers"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpeakerAdversary(4, examples("a:1", "a:1"), 1));
    }

    /**
     * One step of the real objective at learning rate 0, so that the gradients stay readable: the adversary's
     * own gradients do not depend on λ, and the network's move by λ times one direction (−1 times the speaker
     * loss's gradient, by the reversal's own test above).
     */
    @Test
    void theNetworkReceivesTheSpeakerGradientReversedAndScaledWhileTheAdversaryLearnsIt() {
        var parts = TrainerTest.synthetic(5, 1);
        List<Example> clips = parts.get(Part.TRAIN).subList(0, 12);
        Batch batch = new Batcher(TrainerTest.config(ModelKind.CNN_BLSTM, 1, 1).logMel(), Augmentation.NONE)
                .evaluation(clips);
        Map<Double, Map<String, float[]>> netGradients = new LinkedHashMap<>();
        Map<Double, Map<String, float[]>> adversaryGradients = new LinkedHashMap<>();
        for (double lambda : new double[] {0, 0.5, 1}) {
            torch.manual_seed(21);
            SerNet net = new SerNet(ModelConfig.defaults(Architecture.CNN_BLSTM, 64, 6));
            var adversary = new SpeakerAdversary(net.config().headHidden(), parts.get(Part.TRAIN), 1);
            net.train(false); // no dropout: the three steps see the same network
            AdamW optimizer = frozen(net);
            var adversarial = new Trainer.Adversarial(adversary, frozen(adversary), adversary.speakerIndices(clips), lambda);
            var losses = new Losses(new float[] {1, 1, 1, 1, 1, 1}, net.anchors());
            var step = Trainer.step(net, optimizer, losses, batch.input(), batch.validFrames(), batch.labels(), null,
                    adversarial, null, 1);
            assertTrue(step.speakerLoss() > 0, "speaker loss " + step.speakerLoss());
            netGradients.put(lambda, gradients(net));
            adversaryGradients.put(lambda, gradients(adversary));
        }
        for (String name : adversaryGradients.get(0.0).keySet()) {
            assertArrayEquals(adversaryGradients.get(1.0).get(name), adversaryGradients.get(0.5).get(name), 1e-6f, name);
            assertTrue(norm(adversaryGradients.get(1.0).get(name)) > 0, name);
        }
        double reversed = 0;
        for (String name : netGradients.get(0.0).keySet()) {
            float[] plain = netGradients.get(0.0).get(name);
            float[] half = netGradients.get(0.5).get(name);
            float[] full = netGradients.get(1.0).get(name);
            for (int i = 0; i < plain.length; i++) {
                // clipping (norm 5) could rescale the steps differently; at these losses it must not act
                assertEquals((full[i] - plain[i]) * 0.5, half[i] - plain[i], 1e-5 + 1e-3 * Math.abs(full[i] - plain[i]), name);
            }
            reversed += norm(difference(full, plain));
        }
        assertTrue(reversed > 1e-4, "the adversary changed the network's gradients by " + reversed);
    }

    @Test
    void aResumedAdversarialRunEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        var parts = TrainerTest.synthetic(5, 2);
        SerNet straight = net();
        new Trainer(config(2), straight, new Checkpoints(dir.resolve("a")), TrainingListener.SILENT)
                .run(parts.get(Part.TRAIN), parts.get(Part.DEV), false);
        TrainingListener crashAfterTheFirstEpoch = new TrainingListener() {
            @Override
            public void epochFinished(EpochStats stats, boolean improved) {
                throw new IllegalStateException("killed");
            }
        };
        // the same two-epoch run stopped after its first checkpoint: λ follows the progress through the epochs asked for
        assertThrows(IllegalStateException.class, () -> new Trainer(config(2), net(), new Checkpoints(dir.resolve("b")),
                crashAfterTheFirstEpoch).run(parts.get(Part.TRAIN), parts.get(Part.DEV), false));
        assertTrue(Files.isRegularFile(dir.resolve("b").resolve("epoch-0001.speaker-adversary.model.pt")));
        SerNet resumed = net();
        new Trainer(config(2), resumed, new Checkpoints(dir.resolve("b")), TrainingListener.SILENT)
                .run(parts.get(Part.TRAIN), parts.get(Part.DEV), true);
        assertTrue(Files.notExists(dir.resolve("b").resolve("epoch-0001.speaker-adversary.model.pt")),
                "older epochs' adversary files go with the epoch's own");

        Weights.load(straight, dir.resolve("a").resolve("epoch-0002.model.pt"));
        Weights.load(resumed, dir.resolve("b").resolve("epoch-0002.model.pt"));
        var a = Tensors.owned(straight.named_parameters());
        var b = Tensors.owned(resumed.named_parameters());
        for (String name : a.keySet()) {
            assertArrayEquals(Tensors.floats(a.get(name)), Tensors.floats(b.get(name)), 0f, name);
        }
        SerNet plain = net();
        new Trainer(TrainerTest.config(ModelKind.CNN_BLSTM, 2, 1), plain, new Checkpoints(dir.resolve("c")),
                TrainingListener.SILENT).run(parts.get(Part.TRAIN), parts.get(Part.DEV), false);
        Weights.load(plain, dir.resolve("c").resolve("epoch-0002.model.pt"));
        var c = Tensors.owned(plain.named_parameters());
        double moved = 0;
        for (String name : a.keySet()) {
            moved += norm(difference(Tensors.floats(a.get(name)), Tensors.floats(c.get(name))));
        }
        assertTrue(moved > 1e-3, "the adversary changed the trained weights by " + moved);
    }

    private static TrainConfig config(int epochs) {
        TrainConfig d = TrainerTest.config(ModelKind.CNN_BLSTM, epochs, 1);
        return TrainConfigs.with(d, Map.of("speaker_adversary", 1.0));
    }

    private static SerNet net() {
        torch.manual_seed(3);
        return new SerNet(ModelConfig.defaults(Architecture.CNN_BLSTM, 64, 6));
    }

    private static AdamW frozen(org.bytedeco.pytorch.Module module) {
        AdamW optimizer = Trainer.adamW(module, TrainerTest.config(ModelKind.CNN_BLSTM, 1, 1));
        optimizer.param_groups().get(0).options().set_lr(0);
        return optimizer;
    }

    private static Map<String, float[]> gradients(org.bytedeco.pytorch.Module module) {
        Map<String, float[]> out = new LinkedHashMap<>();
        Tensors.owned(module.named_parameters()).forEach((name, p) -> {
            if (p.grad().defined()) {
                out.put(name, Tensors.floats(p.grad()));
            }
        });
        return out;
    }

    private static List<Example> examples(String... speakers) {
        List<Example> out = new ArrayList<>();
        for (String s : speakers) {
            out.add(new Example(new Clip(Path.of(s + ".wav"), s.substring(0, 1), s, "angry", "angry"), new float[0],
                    LabelSet.SIX.indexOf("angry")));
        }
        return out;
    }

    private static float[] difference(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
