package ser.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.data.LabelSet;
import ser.data.Part;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.ModelKind;
import ser.model.SerNet;
import ser.model.Tensors;
import ser.runtime.LibTorch;

class PretrainerTest {
    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    private static TrainConfig config(int pretrainEpochs) {
        var d = TrainConfig.defaults(List.of("synthetic"), LabelSet.SIX.labels(), ModelKind.RCNN_BLSTM);
        return TrainConfigs.with(d, Map.of("epochs", 1, "batch_size", 16, "learning_rate", 2e-3, "patience", 5, "seed", 9,
                "split_seed", 9, "threads", 2, "pretraining", Pretraining.DAE, "pretrain_epochs", pretrainEpochs));
    }

    private static final class LossLog implements TrainingListener {
        final List<Double> epochLosses = new ArrayList<>();

        @Override
        public void epochFinished(EpochStats stats, boolean improved) {
            epochLosses.add(stats.trainLoss());
        }
    }

    @Test
    void reconstructionImprovesAndTheCnnIsCopiedIntoTheNetwork() {
        List<Example> clips = TrainerTest.synthetic(3, 2).get(Part.TRAIN);
        torch.manual_seed(1);
        SerNet net = new SerNet(ModelConfig.defaults(Architecture.RCNN_BLSTM, 64, 6));
        float[] before = Tensors.floats(firstParameter(net));
        var log = new LossLog();
        Pretrainer.pretrain(net, clips, config(4), log, new Device("cpu"));
        assertTrue(log.epochLosses.get(3) < 0.8 * log.epochLosses.get(0), "reconstruction loss " + log.epochLosses);
        float[] after = Tensors.floats(firstParameter(net));
        assertTrue(!java.util.Arrays.equals(before, after), "the first conv now holds the autoencoder's weights");
        assertArrayEquals(new long[] {16, 1, 3, 3}, Tensors.shape(firstParameter(net)));
    }

    private static org.bytedeco.pytorch.Tensor firstParameter(SerNet net) {
        return Tensors.owned(net.named_parameters()).values().iterator().next();
    }
}
