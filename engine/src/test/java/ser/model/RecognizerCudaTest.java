package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.api.EmotionRecognizer;
import ser.api.Result;
import ser.synth.SynthConfig;
import ser.synth.SyntheticCorpus;
import ser.testing.Gpu;
import ser.testing.TestData;

/**
 * The CUDA path as scoring runs it: the network on the device with each batch's log-Mel made there by the kernel,
 * against the CPU path on the same windows and weights. Float32 on both sides, different reduction orders: scores
 * agree to 2e-3 (the engine check measured 3.4e-4 on the shipped model), embeddings to 2e-3 relative to their size.
 */
@Tag("gpu")
class RecognizerCudaTest {
    private static final double SCORE_TOLERANCE = 2e-3;

    @BeforeEach
    void requireGpu() {
        Gpu.require();
    }

    @Test
    void theDeviceRecognizesEveryWindowAsTheCpuDoes(@TempDir Path dir) throws IOException {
        TestData.saveUntrainedModel(dir, "untrained", 3);
        try (ModelBundle.LoadedModel onCpu = ModelBundle.load(dir); ModelBundle.LoadedModel onGpu = ModelBundle.load(dir)) {
            Device cuda = new Device("cuda:0");
            onGpu.to(cuda);
            Recognizer cpu = new Recognizer(onCpu);
            Recognizer gpu = new Recognizer(onGpu, cuda);
            Random random = new Random(11);
            List<ModelInput> cpuInputs = new ArrayList<>();
            List<ModelInput> gpuInputs = new ArrayList<>();
            for (int samples : new int[] {1_000, 8_000, 48_000, 64_000, 30_000, 47_999, 400, 20_000}) {
                float[] speech = new float[samples];
                for (int i = 0; i < samples; i++) {
                    speech[i] = (float) (random.nextGaussian() * (1 + Math.sin(i / 700.0)));
                }
                cpuInputs.add(cpu.prepare(speech, 0, samples / 16_000.0));
                gpuInputs.add(gpu.prepare(speech, 0, samples / 16_000.0));
            }
            List<Recognizer.Recognition> want = cpu.recognize(cpuInputs);
            List<Recognizer.Recognition> got = gpu.recognize(gpuInputs);
            for (int b = 0; b < want.size(); b++) {
                assertEquals(want.get(b).emotion(), got.get(b).emotion(), "window " + b);
                for (String label : want.get(b).scores().keySet()) {
                    assertEquals(want.get(b).scores().get(label), got.get(b).scores().get(label), SCORE_TOLERANCE,
                            label + " of window " + b);
                }
                float[] e = want.get(b).embedding();
                double norm = 0;
                for (float v : e) {
                    norm += v * v;
                }
                assertArrayEquals(e, got.get(b).embedding(), (float) (2e-3 * Math.sqrt(norm / e.length) + 1e-5), "window " + b);
            }
        }
    }

    @Test
    void theApiOnCudaGivesTheCpusAnswerForAFile(@TempDir Path dir) throws IOException {
        TestData.saveUntrainedModel(dir.resolve("model"), "untrained", 5);
        var config = new SynthConfig(1, 1, 9);
        Path clip = dir.resolve("clip.wav");
        SyntheticCorpus.writeWav(SyntheticCorpus.render(config, SyntheticCorpus.plan(config).get(2)), clip);
        Result.Recognized cpu;
        Result.Recognized gpu;
        try (EmotionRecognizer r = EmotionRecognizer.builder().model(dir.resolve("model")).device(ser.api.Device.CPU).build()) {
            cpu = (Result.Recognized) r.recognize(clip);
        }
        try (EmotionRecognizer r = EmotionRecognizer.builder().model(dir.resolve("model")).device(ser.api.Device.CUDA).build()) {
            gpu = (Result.Recognized) r.recognize(clip);
        }
        assertEquals(cpu.emotion(), gpu.emotion());
        for (String label : cpu.scores().keySet()) {
            assertEquals(cpu.scores().get(label), gpu.scores().get(label), SCORE_TOLERANCE, label);
        }
    }
}
