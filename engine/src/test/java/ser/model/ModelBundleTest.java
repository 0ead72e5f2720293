package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.audio.SpeechLoader;
import ser.audio.Utterance;
import ser.audio.VadConfig;
import ser.data.LabelSet;
import ser.features.LogMelConfig;
import ser.runtime.LibTorch;
import ser.testing.TestData;

class ModelBundleTest {
    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    private static ModelDescription description(Architecture architecture, Decision decision) {
        return new ModelDescription("test-" + architecture, ModelKind.valueOf(architecture.name()), LabelSet.SIX.labels(),
                ModelConfig.defaults(architecture, 64, 6).withCalibration(decision, 1.0), LogMelConfig.DEFAULT, VadConfig.DEFAULT);
    }

    @Test
    void savedAndLoadedModelsGiveIdenticalOutputs(@TempDir Path dir) throws IOException {
        for (Architecture architecture : Architecture.values()) {
            torch.manual_seed(5);
            var d = description(architecture, Decision.MEAN_OF_REGIONS);
            SerNet net = new SerNet(d.network());
            net.eval();
            Path modelDir = dir.resolve(architecture.name());
            ModelBundle.save(modelDir, net, d);
            ModelBundle.LoadedModel loaded = ModelBundle.load(modelDir);
            assertEquals(d, loaded.description());
            Tensor x = torch.randn(new long[] {2, 1, 300, 64});
            int[] valid = {300, 150};
            assertArrayEquals(Tensors.floats(net.forward(x, valid).regionLogits()),
                    Tensors.floats(loaded.net().forward(x, valid).regionLogits()), 0f, architecture.name());
        }
    }

    @Test
    void loadingAFolderWithoutAModelSaysWhatIsMissing(@TempDir Path dir) {
        var e = assertThrows(IOException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("is not a model directory (needs model.json)"), e.getMessage());
    }

    @Test
    void recognizerReportsScoresThatSumToOneAndRegionsInsideTheSpeech(@TempDir Path dir) throws IOException {
        torch.manual_seed(6);
        var d = description(Architecture.RCNN_BLSTM, Decision.MOST_CONFIDENT_REGION);
        SerNet net = new SerNet(d.network());
        ModelBundle.save(dir, net, d);
        Utterance u = new SpeechLoader(VadConfig.DEFAULT).load(TestData.resource("clips/03a01Wa.wav"));
        Recognizer.Recognition r = Recognizer.load(dir).recognize(u);
        double sum = r.scores().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-5);
        assertEquals(r.emotion(), r.scores().entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey());
        assertTrue(r.regions().size() >= 2, "the whole utterance and at least one proposal: " + r.regions());
        for (Recognizer.Region region : r.regions()) {
            assertTrue(region.startS() >= u.span().startS() - 1e-9 && region.endS() <= u.span().endS() + 1e-9
                    && region.endS() > region.startS(), region + " outside " + u.span());
        }
        assertEquals(u.span().startS(), r.regions().get(0).startS(), 1e-9, "region 0 is the whole utterance");
    }
}
