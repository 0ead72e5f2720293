package ser.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

/**
 * The two ways a recognizer makes a batch's log-Mels: per window on the preparing thread (the CPU
 * path), or for the whole batch where the network runs (the path a CUDA recognizer takes, here with
 * the kernel's CPU twin). Cropping, centring and padding must not tell them apart.
 */
class RecognizerTest {

    @Test
    void batchedLogMelGivesTheRecognitionsOfPerWindowLogMel(@TempDir Path dir) throws IOException {
        TestData.saveUntrainedModel(dir, "untrained", 3);
        ModelBundle.LoadedModel model = ModelBundle.load(dir);
        Recognizer perWindow = new Recognizer(model);
        Recognizer batched = new Recognizer(model, new Device("cpu"), true);
        Random random = new Random(4);
        List<ModelInput> eager = new ArrayList<>();
        List<ModelInput> deferred = new ArrayList<>();
        // Shorter than the model's 300 frames (padded), exactly 3 s, and longer (centre-cropped).
        for (int samples : new int[] {8_000, 48_000, 64_000, 1_000}) {
            float[] speech = new float[samples];
            for (int i = 0; i < samples; i++) {
                speech[i] = (float) (random.nextGaussian() * (1 + Math.sin(i / 900.0)));
            }
            eager.add(perWindow.prepare(speech, 2.0, 2.0 + samples / 16_000.0));
            deferred.add(batched.prepare(speech, 2.0, 2.0 + samples / 16_000.0));
        }
        assertTrue(deferred.stream().allMatch(ModelInput::deferred) && eager.stream().noneMatch(ModelInput::deferred));
        List<Recognizer.Recognition> want = perWindow.recognize(eager);
        List<Recognizer.Recognition> got = batched.recognize(deferred);
        for (int b = 0; b < want.size(); b++) {
            assertEquals(eager.get(b).validFrames(), deferred.get(b).validFrames());
            assertEquals(eager.get(b).originS(), deferred.get(b).originS(), 1e-12);
            assertEquals(want.get(b).emotion(), got.get(b).emotion());
            for (String label : want.get(b).scores().keySet()) {
                assertEquals(want.get(b).scores().get(label), got.get(b).scores().get(label), 1e-5, label + " of window " + b);
            }
            assertEquals(want.get(b).regions().size(), got.get(b).regions().size());
            for (int r = 0; r < want.get(b).regions().size(); r++) {
                assertEquals(want.get(b).regions().get(r).startS(), got.get(b).regions().get(r).startS(), 1e-9);
                assertEquals(want.get(b).regions().get(r).endS(), got.get(b).regions().get(r).endS(), 1e-9);
            }
        }
        assertEquals(2.0 + (398 - 300) / 2 * 0.01, eager.get(2).originS(), 1e-9, "a 4 s window is centre-cropped");
        var tooShort = assertThrows(IllegalArgumentException.class, () -> batched.prepare(new float[399], 0, 0.02));
        assertEquals(assertThrows(IllegalArgumentException.class, () -> perWindow.prepare(new float[399], 0, 0.02)).getMessage(),
                tooShort.getMessage(), "both ways refuse a window shorter than one analysis frame alike");
    }
}
