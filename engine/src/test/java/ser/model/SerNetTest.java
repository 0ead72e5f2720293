package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.runtime.LibTorch;

class SerNetTest {
    private static final int FRAMES = 300;
    private static final int MELS = 64;

    @BeforeAll
    static void load() {
        LibTorch.load();
        torch.manual_seed(7);
    }

    private static Tensor batch(int n) {
        return torch.randn(new long[] {n, 1, FRAMES, MELS});
    }

    @Test
    void rcnnGivesEveryUtteranceTheWholeRegionPlusProposalsInsideIt() {
        var config = ModelConfig.defaults(Architecture.RCNN_BLSTM, MELS, 6);
        var net = new SerNet(config);
        int[] valid = {300, 120, 37};
        NetOutput out = net.forward(batch(3), valid);
        assertArrayEquals(new long[] {3, 9, 6}, Tensors.shape(out.regionLogits()));
        assertArrayEquals(new long[] {3, 9, 6}, Tensors.shape(out.detectionLogits()));
        assertArrayEquals(new long[] {3, 75 * 4}, Tensors.shape(out.objectness()));
        assertArrayEquals(new long[] {3, 75 * 4 * 2}, Tensors.shape(out.deltas()));
        assertArrayEquals(new int[] {75, 30, 10}, out.validSteps());
        for (int b = 0; b < 3; b++) {
            float[][] boxes = out.proposals().boxes()[b];
            assertArrayEquals(new float[] {0, out.validSteps()[b]}, boxes[0]);
            assertEquals(-1, out.proposals().anchors()[b][0]);
            for (float[] box : boxes) {
                assertTrue(box[0] >= 0 && box[1] <= out.validSteps()[b] && box[1] - box[0] >= 1, java.util.Arrays.toString(box));
            }
        }
    }

    @Test
    void everyParameterReceivesAGradient() {
        for (Architecture architecture : Architecture.values()) {
            var net = new SerNet(ModelConfig.defaults(architecture, MELS, 6));
            NetOutput out = net.forward(batch(2), new int[] {300, 200});
            Tensor loss = out.regionLogits().pow(new org.bytedeco.pytorch.Scalar(2.0)).mean();
            if (out.detectionLogits() != null) {
                loss = loss.add(out.detectionLogits().mean());
            }
            if (out.objectness() != null) {
                loss = loss.add(out.objectness().mean()).add(out.deltas().mean());
            }
            loss.backward();
            for (var item : Tensors.owned(net.named_parameters()).entrySet()) {
                Tensor grad = item.getValue().grad();
                assertTrue(grad.defined(), architecture + " " + item.getKey() + " has no gradient");
                assertTrue(Tensors.doubles(grad.abs().sum())[0] > 0, architecture + " " + item.getKey() + " gradient is zero");
            }
        }
    }

    @Test
    void slidingWindowsTileTheUtteranceHalfOverlappingWithNoProposalNetwork() {
        var net = new SerNet(ModelConfig.defaults(Architecture.WINDOWS_BLSTM, MELS, 6));
        NetOutput out = net.forward(batch(2), new int[] {300, 72});
        assertArrayEquals(new long[] {2, 9, 6}, Tensors.shape(out.regionLogits()));
        assertArrayEquals(new long[] {2, 9, 6}, Tensors.shape(out.detectionLogits()));
        assertNull(out.objectness());
        float[][] boxes = out.proposals().boxes()[1]; // 18 steps: a hop of 2, windows of 4
        assertArrayEquals(new float[] {0, 18}, boxes[0]);
        for (int w = 0; w < 8; w++) {
            assertArrayEquals(new float[] {2 * w, 2 * w + 4}, boxes[w + 1], 1e-5f, "window " + w);
            assertEquals(w, out.proposals().anchors()[1][w + 1]);
        }
    }

    @Test
    void cnnBlstmHasOneRegionThatIsTheWholeUtterance() {
        var net = new SerNet(ModelConfig.defaults(Architecture.CNN_BLSTM, MELS, 6));
        NetOutput out = net.forward(batch(2), new int[] {300, 80});
        assertArrayEquals(new long[] {2, 1, 6}, Tensors.shape(out.regionLogits()));
        assertArrayEquals(new float[] {0, 20}, out.proposals().boxes()[1][0]);
    }
}
