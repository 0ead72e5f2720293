package ser.train;

import ser.model.ModelKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.audio.VadConfig;
import ser.audio.VoiceActivity;
import ser.audio.Waveforms;
import ser.data.Clip;
import ser.data.CorpusNaming;
import ser.data.LabelSet;
import ser.data.Part;
import ser.data.SpeakerSplit;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.SerNet;
import ser.model.Weights;
import ser.model.Tensors;
import ser.runtime.LibTorch;
import ser.synth.SynthConfig;
import ser.synth.SyntheticCorpus;

class TrainerTest {
    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    /** Synthetic clips in memory, split by the published CREMA-D actor lists. */
    static Map<Part, List<Example>> synthetic(int speakers, int clipsPerEmotion) {
        var config = new SynthConfig(speakers, clipsPerEmotion, 11);
        List<Example> all = new ArrayList<>();
        for (SyntheticCorpus.Item item : SyntheticCorpus.plan(config)) {
            float[] x = SyntheticCorpus.render(config, item);
            var span = VoiceActivity.detect(x, VadConfig.DEFAULT).orElseThrow();
            Clip clip = CorpusNaming.recognise(Path.of(item.fileName())).orElseThrow();
            all.add(new Example(clip, Waveforms.standardize(x, (int) span.startSample(), (int) span.endSample()),
                    LabelSet.SIX.indexOf(clip.label())));
        }
        List<Clip> clips = all.stream().map(Example::clip).toList();
        var split = SpeakerSplit.seeded(clips, 0.2, 0.2, 1);
        Map<Part, List<Example>> parts = new java.util.EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            parts.put(p, new ArrayList<>());
        }
        all.forEach(e -> parts.get(split.partOf(e.clip().speaker())).add(e));
        return parts;
    }

    private static TrainConfig config(ModelKind kind, int epochs) {
        return config(kind, epochs, 1);
    }

    static TrainConfig config(ModelKind kind, int epochs, int averageEpochs) {
        var d = TrainConfig.defaults(List.of("synthetic"), LabelSet.SIX.labels(), kind);
        return TrainConfigs.with(d, Map.of("epochs", epochs, "batch_size", 16, "learning_rate", 2e-3, "patience", 10, "seed", 5,
                "split_seed", 5, "threads", 2, "pretrain_epochs", 0, "average_epochs", averageEpochs));
    }

    private static SerNet net(Architecture architecture) {
        torch.manual_seed(3);
        return new SerNet(ModelConfig.defaults(architecture, 64, 6));
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        var parts = synthetic(5, 2);
        List<Example> train = parts.get(Part.TRAIN);
        List<Example> dev = parts.get(Part.DEV);

        SerNet straight = net(Architecture.RCNN_BLSTM);
        new Trainer(config(ModelKind.RCNN_BLSTM, 2), straight, new Checkpoints(dir.resolve("a")), TrainingListener.SILENT)
                .run(train, dev, false);

        SerNet interrupted = net(Architecture.RCNN_BLSTM);
        new Trainer(config(ModelKind.RCNN_BLSTM, 1), interrupted, new Checkpoints(dir.resolve("b")), TrainingListener.SILENT)
                .run(train, dev, false);
        SerNet resumed = net(Architecture.RCNN_BLSTM);
        var result = new Trainer(config(ModelKind.RCNN_BLSTM, 2), resumed, new Checkpoints(dir.resolve("b")),
                TrainingListener.SILENT).run(train, dev, true);
        assertEquals(2, result.state().epoch());
        assertEquals(2, result.state().history().size());

        Weights.load(straight, dir.resolve("a").resolve("epoch-0002.model.pt"));
        Weights.load(resumed, dir.resolve("b").resolve("epoch-0002.model.pt"));
        var a = Tensors.owned(straight.named_parameters());
        var b = Tensors.owned(resumed.named_parameters());
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertArrayEquals(Tensors.floats(a.get(name)), Tensors.floats(b.get(name)), 0f, name);
        }
    }

    @Test
    void slidingWindowsLearnFromTheWholeAndPooledTermsAloneAndTrainAnEpoch(@TempDir Path dir) throws IOException {
        SerNet windows = net(Architecture.WINDOWS_BLSTM);
        var out = windows.forward(torch.randn(new long[] {2, 1, 300, 64}), new int[] {300, 150});
        var terms = new Losses(new float[] {1, 1, 1, 1, 1, 1}, windows.anchors()).compute(out, new long[] {0, 3});
        assertTrue(terms.whole() > 0 && terms.mil() > 0, terms.toString());
        assertEquals(0, terms.objectness());
        assertEquals(0, terms.offsets());

        var parts = synthetic(5, 1);
        var result = new Trainer(config(ModelKind.WINDOWS_BLSTM, 1), windows, new Checkpoints(dir), TrainingListener.SILENT)
                .run(parts.get(Part.TRAIN), parts.get(Part.DEV), false);
        assertEquals(1, result.state().history().size());
        assertTrue(Files.exists(dir.resolve("epoch-0001.model.pt")));
    }

    @Test
    void classWeightsAreInverseFrequencyAveragingOneOverPresentClasses() {
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            train.add(new Example(null, new float[0], i < 4 ? 0 : 1));
        }
        assertArrayEquals(new float[] {0.75f, 1.5f, 0f}, Trainer.classWeights(train, 3), 1e-6f);
    }

    @Test
    void balancedDrawsGiveEveryClassTheSameShareAndEveryCorpusItsShareOfAClass() {
        List<Example> train = new ArrayList<>();
        // corpus a: 30 angry, 10 sad; corpus b: 5 angry, no sad
        for (int i = 0; i < 45; i++) {
            String corpus = i < 40 ? "a" : "b";
            int label = i < 30 || i >= 40 ? 0 : 1;
            train.add(new Example(new Clip(Path.of(corpus + i), corpus, corpus + ":s", "x", "x"), new float[0], label));
        }
        var order = new EpochOrder(train, Sampling.CORPUS_BALANCED);
        int[] byClass = new int[2];
        int angryFromB = 0;
        int draws = 0;
        Random random = new Random(4);
        for (int epoch = 0; epoch < 1000; epoch++) { // 45,000 draws: the bounds below are 4 standard deviations
            for (Example e : order.draw(random)) {
                byClass[e.label()]++;
                angryFromB += e.label() == 0 && e.clip().corpus().equals("b") ? 1 : 0;
                draws++;
            }
        }
        assertEquals(45 * 1000, draws, "an epoch draws as many clips as there are");
        assertEquals(0.5, byClass[1] / (double) draws, 0.01, "sad, a quarter of the clips, is half the draws");
        assertEquals(0.5, angryFromB / (double) byClass[0], 0.015, "corpus b gives half of angry with 5 of its 35 clips");
        assertArrayEquals(new float[] {1f, 1f, 0f}, order.classWeights(3), "balanced draws need no class weights");
        List<Example> shuffled = new EpochOrder(train, Sampling.SHUFFLE).draw(new Random(4));
        assertEquals(new java.util.HashSet<>(train), new java.util.HashSet<>(shuffled));
        assertEquals(train.size(), shuffled.size());
    }
}
