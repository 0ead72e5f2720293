package ser.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.data.LabelSet;
import ser.io.JsonFiles;
import ser.model.Architecture;
import ser.model.ModelConfig;
import ser.model.ModelKind;
import ser.model.NetOutput;
import ser.model.SerNet;
import ser.model.Tensors;
import ser.runtime.LibTorch;

class NetworkSizeTest {
    private static final TrainConfig D = TrainConfig.defaults(List.of("corpus"), LabelSet.SIX.labels(), ModelKind.RCNN_BLSTM);

    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    @Test
    void aConfigurationSavedBeforeTheSettingTrainsTheDefaultNetwork() throws Exception {
        ObjectNode saved = JsonFiles.MAPPER.valueToTree(D);
        saved.remove("network_size");
        TrainConfig read = JsonFiles.MAPPER.treeToValue(saved, TrainConfig.class);
        assertEquals(NetworkSize.DEFAULT, read.networkSize());
        assertEquals(ModelConfig.defaults(Architecture.RCNN_BLSTM, 64, 6), read.network());
    }

    @Test
    void theConfigFilesSizeIsTheSizeOfTheNetworkThatTrains() throws Exception {
        ObjectNode saved = JsonFiles.MAPPER.valueToTree(D);
        saved.set("network_size", JsonFiles.MAPPER.readTree("""
                {"channels": [8, 16, 32], "time_pools": [2, 2, 1], "lstm_hidden": 48, "attention_heads": 4,
                 "head_hidden": 64, "dropout": 0.4}"""));
        TrainConfig small = JsonFiles.MAPPER.treeToValue(saved, TrainConfig.class);
        ModelConfig network = small.network();
        assertEquals(List.of(8, 16, 32), network.channels());
        assertEquals(48, network.lstmHidden());
        assertEquals(64, network.headHidden());
        assertEquals(0.4, network.dropout());
        assertEquals(ModelConfig.defaults(Architecture.RCNN_BLSTM, 64, 6).anchorSteps(), network.anchorSteps(),
                "the method's anchors and proposals are not a size");
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(1);
            SerNet smallNet = new SerNet(network);
            SerNet defaultNet = new SerNet(D.network());
            NetOutput out = smallNet.forward(torch.randn(new long[] {2, 1, 300, 64}), new int[] {300, 200});
            assertEquals(64, out.embedding().size(1), "the embedding is the smaller classifier's hidden layer");
            long smallParameters = parameters(smallNet);
            long defaultParameters = parameters(defaultNet);
            assertTrue(smallParameters < defaultParameters / 2, smallParameters + " against " + defaultParameters);
        }
    }

    @Test
    void impossibleSizesAreRefusedWithTheReason() {
        var heads = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSize(List.of(16, 32, 64), List.of(2, 2, 1), 50, 3, 128, 0.3).network(Architecture.RCNN_BLSTM, 64, 6));
        assertTrue(heads.getMessage().contains("attention heads must divide the BLSTM width 100"), heads.getMessage());
        var dropout = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSize(List.of(16, 32, 64), List.of(2, 2, 1), 96, 4, 128, 1.0));
        assertTrue(dropout.getMessage().contains("dropout must be in [0, 1)"), dropout.getMessage());
    }

    private static long parameters(SerNet net) {
        return Tensors.owned(net.parameters()).stream().mapToLong(t -> t.numel()).sum();
    }
}
