package ser.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.data.Part;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.ModelKind;
import ser.model.SerNet;
import ser.model.Tensors;
import ser.model.Weights;
import ser.runtime.LibTorch;

class WeightAveragingTest {
    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    @Test
    void theBestEpochsByDevUaInEpochOrderTheEarlierOnATie() {
        double[] ua = {0.3, 0.5, 0.4, 0.5, 0.2};
        List<EpochStats> history = new ArrayList<>();
        for (int e = 1; e <= ua.length; e++) {
            history.add(new EpochStats(e, 1, 0.5, 0.5, ua[e - 1], 1e-3, 1));
        }
        assertEquals(List.of(2), WeightAveraging.bestEpochs(history, 1));
        assertEquals(List.of(2, 4), WeightAveraging.bestEpochs(history, 2));
        assertEquals(List.of(2, 3, 4), WeightAveraging.bestEpochs(history, 3));
        assertEquals(List.of(1, 2, 3, 4, 5), WeightAveraging.bestEpochs(history, 9));
    }

    @Test
    void floatTensorsAreTheMeanAndBatchCountsTheLastCheckpoints(@TempDir Path dir) throws IOException {
        SerNet net = net(1);
        Weights.save(net, dir.resolve("a.pt"));
        List<float[]> a = floats(net);
        SerNet other = net(2);
        other.train(true);
        other.forward(torch.randn(new long[] {2, 1, 300, 64}), new int[] {300, 200}); // moves the batch-norm statistics
        Weights.save(other, dir.resolve("b.pt"));
        List<float[]> b = floats(other);
        List<Tensor> bTensors = tensors(other);

        WeightAveraging.average(net, List.of(dir.resolve("a.pt"), dir.resolve("b.pt")));
        List<Tensor> averaged = tensors(net);
        assertEquals(a.size(), averaged.size());
        int integers = 0;
        boolean statisticsMoved = false;
        for (int i = 0; i < averaged.size(); i++) {
            if (!averaged.get(i).is_floating_point()) {
                integers++;
                assertEquals(bTensors.get(i).item_long(), averaged.get(i).item_long(), "a batch count is the last checkpoint's");
                continue;
            }
            float[] expected = new float[a.get(i).length];
            for (int j = 0; j < expected.length; j++) {
                expected[j] = (a.get(i)[j] + b.get(i)[j]) / 2;
                statisticsMoved |= a.get(i)[j] != b.get(i)[j];
            }
            assertArrayEquals(expected, Tensors.floats(averaged.get(i)), 1e-6f, "tensor " + i);
        }
        assertTrue(integers > 0, "the network has batch-norm counters");
        assertTrue(statisticsMoved);
    }

    @Test
    void aRunKeepsTheWeightsOfTheEpochsItAveragesAndEndsWithTheirMean(@TempDir Path dir) throws IOException {
        var parts = TrainerTest.synthetic(5, 1);
        SerNet net = net(3);
        var result = new Trainer(TrainerTest.config(ModelKind.CNN_BLSTM, 4, 2), net, new Checkpoints(dir),
                TrainingListener.SILENT).run(parts.get(Part.TRAIN), parts.get(Part.DEV), false);
        List<Integer> best = WeightAveraging.bestEpochs(result.state().history(), 2);
        List<String> kept = new ArrayList<>();
        for (int e = 1; e <= 4; e++) {
            if (Files.exists(dir.resolve(String.format("epoch-%04d.model.pt", e)))) {
                kept.add("epoch " + e);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int e = 1; e <= 4; e++) {
            if (best.contains(e) || e == 4) {
                expected.add("epoch " + e);
            }
        }
        assertEquals(expected, kept, "the two best epochs " + best + " and the latest");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".optimizer.pt")).count(),
                    "only the latest epoch's optimizer state");
        }
        List<float[]> trained = floats(net);

        SerNet mean = net(4);
        WeightAveraging.average(mean, best.stream().map(e -> dir.resolve(String.format("epoch-%04d.model.pt", e))).toList());
        assertEqualFloats(floats(mean), trained);

        SerNet again = net(5); // the finished run resumed: no more training, the same mean, without its training clips
        var resumed = new Trainer(TrainerTest.config(ModelKind.CNN_BLSTM, 4, 2), again, new Checkpoints(dir),
                TrainingListener.SILENT).run(List.of(), parts.get(Part.DEV), true);
        assertEquals(result.state().history(), resumed.state().history());
        assertEqualFloats(trained, floats(again));
        var unfinished = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainerTest.config(ModelKind.CNN_BLSTM,
                5, 2), net(6), new Checkpoints(dir), TrainingListener.SILENT).run(List.of(), parts.get(Part.DEV), true));
        assertTrue(unfinished.getMessage().startsWith("need training and dev clips, got 0"), unfinished.getMessage());
    }

    @Test
    void averagingEpochsARunDidNotKeepIsRefusedByName(@TempDir Path dir) throws IOException {
        var parts = TrainerTest.synthetic(5, 1);
        var result = new Trainer(TrainerTest.config(ModelKind.CNN_BLSTM, 3, 1), net(7), new Checkpoints(dir),
                TrainingListener.SILENT).run(parts.get(Part.TRAIN), parts.get(Part.DEV), false);
        assertEquals(3, result.state().history().size());
        var e = assertThrows(IllegalArgumentException.class, () -> new Trainer(TrainerTest.config(ModelKind.CNN_BLSTM, 6, 2),
                net(8), new Checkpoints(dir), TrainingListener.SILENT).run(parts.get(Part.TRAIN), parts.get(Part.DEV), true));
        assertTrue(e.getMessage().startsWith("--average-epochs 2 needs the weights of epochs ["), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".model.pt")).count(),
                    "refused before training: no epoch was added");
        }
    }

    private static void assertEqualFloats(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 0f, "tensor " + i);
        }
    }

    private static SerNet net(long seed) {
        torch.manual_seed(seed);
        return new SerNet(ModelConfig.defaults(Architecture.of(ModelKind.CNN_BLSTM), 64, 6));
    }

    private static List<Tensor> tensors(Module net) {
        List<Tensor> all = new ArrayList<>(Tensors.owned(net.parameters()));
        all.addAll(Tensors.owned(net.buffers()));
        return all;
    }

    private static List<float[]> floats(Module net) {
        return tensors(net).stream().map(t -> t.is_floating_point() ? Tensors.floats(t) : new float[0]).toList();
    }
}
